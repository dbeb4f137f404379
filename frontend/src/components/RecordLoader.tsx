import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { isApiError } from '@/lib/api-error';
import { ErrorState } from './ErrorState';
import { PageLoader } from './PageLoader';
import { NotFoundPage } from './StatusPages';

/** The record id of a route (`/contracts/:id`): a positive integer, or null for anything else. */
export function parseRecordId(param: string | undefined): number | null {
  const id = Number(param);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

interface RecordLoaderProps<T> {
  /** The route's id parameter as it came (`useParams().id`). */
  id: string | undefined;
  /** The query hook of the record (`useContract`); called with the validated id. */
  useRecord: (id: number) => UseQueryResult<T>;
  /** What the 404 says was not found (`t('contracts.notFound')`). */
  notFound: string;
  /**
   * A section embedded in another record's page: nothing while loading, for a bad id, a 404 or
   * a 403 (the page around it says what there is to say); only other errors are shown.
   */
  embedded?: boolean;
  /** The loaded record (and its id). */
  children: (record: T, id: number) => ReactNode;
}

/**
 * A record page's loading: validates the route id, loads the record and renders the loader, the
 * 404 (a bad id or a record outside the user's scope), the error with a retry, or `children`.
 */
export function RecordLoader<T>({ id: param, ...rest }: RecordLoaderProps<T>) {
  const id = parseRecordId(param);
  if (id === null) return rest.embedded ? null : <NotFoundPage subTitle={rest.notFound} />;
  return <Loaded id={id} {...rest} />;
}

function Loaded<T>({ id, useRecord, notFound, embedded = false, children }: Omit<RecordLoaderProps<T>, 'id'> & { id: number }) {
  const query = useRecord(id);
  if (query.isPending) return embedded ? null : <PageLoader />;
  if (query.isError) {
    const status = isApiError(query.error) ? query.error.status : undefined;
    if (status === 404 || (embedded && status === 403)) return embedded ? null : <NotFoundPage subTitle={notFound} />;
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  return <>{children(query.data, id)}</>;
}
