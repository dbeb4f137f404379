// GET/POST /products, PATCH /products/{id} (rename, unit, retire), GET/POST /products/{id}/prices
// (the list price history: a new price from a date).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NewPriceBody, NewProductBody, ProductsQuery, UpdateProductBody } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';

export const PRODUCT_FILTERS = ['q', 'active'] as const;
export type ProductFilter = (typeof PRODUCT_FILTERS)[number];

export const productKeys = {
  all: ['products'] as const,
  list: (q: ProductsQuery) => ['products', 'list', q] as const,
  prices: (id: number) => ['products', 'prices', id] as const,
};

/** URL list state (all strings) → the typed query of GET /products. */
export function toProductsQuery(q: { page: number; page_size: number } & Partial<Record<ProductFilter, string>>): ProductsQuery {
  return {
    page: q.page,
    page_size: q.page_size,
    q: q.q?.trim() || undefined,
    active: q.active === 'true' ? true : q.active === 'false' ? false : undefined,
  };
}

export function useProducts(query: ProductsQuery) {
  return useQuery({
    queryKey: productKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/products', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useProductPrices(id: number) {
  return useQuery({
    queryKey: productKeys.prices(id),
    queryFn: () => unwrap(api.GET('/api/v1/products/{id}/prices', { params: { path: { id } } })),
  });
}

function useProductMutation<A, R>(fn: (args: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => qc.invalidateQueries({ queryKey: productKeys.all }),
  });
}

export const useCreateProduct = () => useProductMutation((body: NewProductBody) => unwrap(api.POST('/api/v1/products', { body })));

export const useUpdateProduct = () =>
  useProductMutation(({ id, body }: { id: number; body: UpdateProductBody }) =>
    unwrap(api.PATCH('/api/v1/products/{id}', { params: { path: { id } }, body })),
  );

export const useAddPrice = () =>
  useProductMutation(({ id, body }: { id: number; body: NewPriceBody }) =>
    unwrap(api.POST('/api/v1/products/{id}/prices', { params: { path: { id } }, body })),
  );
