// Errors from the API: every non-2xx answer is application/problem+json with a stable `code`.
import type { DuplicateOf, Problem } from '@/api/types';

export interface FieldProblem {
  field: string;
  code: string;
  message?: string | null;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors: FieldProblem[];
  readonly retryAfterSeconds: number | null;
  readonly detail: string | null;
  /** `customer.duplicate`: the existing record, when the user may see it. */
  readonly duplicateOf: DuplicateOf | null;

  constructor(status: number, problem: Partial<Problem> | null | undefined) {
    const p = (problem ?? {}) as Record<string, unknown>;
    const code = typeof p.code === 'string' && p.code ? p.code : fallbackCode(status);
    super(typeof p.title === 'string' ? p.title : code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = typeof p.detail === 'string' ? p.detail : null;
    this.retryAfterSeconds = typeof p.retry_after_seconds === 'number' ? p.retry_after_seconds : null;
    this.duplicateOf = parseDuplicateOf(p.duplicate_of);
    this.fieldErrors = Array.isArray(p.errors)
      ? (p.errors as unknown[]).flatMap((e) => {
          if (!e || typeof e !== 'object') return [];
          const fe = e as Record<string, unknown>;
          if (typeof fe.field !== 'string') return [];
          return [
            {
              field: fe.field,
              code: typeof fe.code === 'string' ? fe.code : 'invalid',
              message: typeof fe.message === 'string' ? fe.message : null,
            },
          ];
        })
      : [];
  }
}

function parseDuplicateOf(v: unknown): DuplicateOf | null {
  if (!v || typeof v !== 'object') return null;
  const d = v as Record<string, unknown>;
  return typeof d.id === 'number' && typeof d.code === 'string' && typeof d.name === 'string'
    ? { id: d.id, code: d.code, name: d.name }
    : null;
}

/** A code for answers that carry no problem body (proxy errors, network failures). */
export function fallbackCode(status: number): string {
  if (status === 0) return 'network';
  if (status === 401) return 'auth.unauthenticated';
  if (status === 403) return 'auth.forbidden';
  if (status === 404) return 'not_found';
  if (status === 413) return 'request.too_large';
  if (status === 429) return 'auth.rate_limited';
  return 'internal';
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** The shape every openapi-fetch call resolves to. */
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Returns the data of a successful call, throws an ApiError otherwise. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(0, { code: 'network', title: e instanceof Error ? e.message : String(e) } as Partial<Problem>);
  }
  if (result.response.ok) return result.data as T;
  const body = result.error && typeof result.error === 'object' ? (result.error as Partial<Problem>) : null;
  throw new ApiError(result.response.status, body);
}
