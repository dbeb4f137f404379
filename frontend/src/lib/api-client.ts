// The one typed API client of the app (openapi-fetch over the generated schema).
import createClient from 'openapi-fetch';
import type { paths } from '@/api/schema';
import type { TokenResponse } from '@/api/types';
import { createAuthFetch } from './auth-fetch';
import { createTokenStore } from './token-store';

export const API_BASE = '';
export const tokenStore = createTokenStore(typeof window !== 'undefined' ? window.localStorage : null);

type Listener<T> = (value: T) => void;
const refreshedListeners = new Set<Listener<TokenResponse>>();
const expiredListeners = new Set<() => void>();

/** Subscribe to silent refreshes (to update the cached current user). */
export function onSessionRefreshed(l: Listener<TokenResponse>): () => void {
  refreshedListeners.add(l);
  return () => refreshedListeners.delete(l);
}
/** Subscribe to the end of the session (refresh refused). */
export function onSessionExpired(l: () => void): () => void {
  expiredListeners.add(l);
  return () => expiredListeners.delete(l);
}

const authFetch = createAuthFetch({
  fetch: (request) => globalThis.fetch(request),
  tokens: tokenStore,
  refreshUrl: `${API_BASE}/api/v1/auth/refresh`,
  onRefreshed: (r) => refreshedListeners.forEach((l) => l(r)),
  onSessionExpired: () => expiredListeners.forEach((l) => l()),
});

export const api = createClient<paths>({
  baseUrl: API_BASE || (typeof window !== 'undefined' ? window.location.origin : 'http://localhost'),
  fetch: authFetch,
  headers: { Accept: 'application/json' },
});

/** Stores the tokens of a login, refresh or password change. */
export function storeTokens(r: TokenResponse): void {
  tokenStore.set({ accessToken: r.access_token, refreshToken: r.refresh_token });
}
