// A fetch wrapper that adds the bearer token and, when the server answers 401, refreshes the
// session once and repeats the request. Concurrent 401s share one refresh; a failed refresh
// clears the tokens and reports the end of the session exactly once.
import type { TokenResponse } from '@/api/types';
import type { TokenStore } from './token-store';

export interface AuthFetchOptions {
  /** The underlying fetch (window.fetch in the app, a mock in tests). */
  fetch: (request: Request) => Promise<Response>;
  tokens: TokenStore;
  /** Absolute or root-relative URL of POST /auth/refresh. */
  refreshUrl: string;
  /** A refresh succeeded (the body carries the current user too). */
  onRefreshed?: (response: TokenResponse) => void;
  /** The session is over (refresh refused or impossible): send the user to the login page. */
  onSessionExpired: () => void;
}

/** Auth endpoints answer 401 for their own reasons (wrong password …): never refresh for them. */
const NO_REFRESH = /\/auth\/(login|refresh|logout)$/;

export function createAuthFetch(options: AuthFetchOptions): (request: Request) => Promise<Response> {
  const { tokens } = options;
  let refreshing: Promise<boolean> | null = null;

  const refresh = (staleAccess: string): Promise<boolean> => {
    if (!refreshing) {
      refreshing = refreshAcrossTabs(staleAccess).finally(() => {
        refreshing = null;
      });
    }
    return refreshing;
  };

  // Refresh tokens are single-use and a reused one ends the session, so tabs of the same
  // browser take turns (Web Locks) and a tab skips its refresh when another one just did it.
  const refreshAcrossTabs = async (staleAccess: string): Promise<boolean> => {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    const ok = locks ? await locks.request('jiyuan-auth-refresh', () => doRefresh(staleAccess)) : await doRefresh(staleAccess);
    if (!ok) {
      tokens.clear();
      options.onSessionExpired();
    }
    return ok;
  };

  const doRefresh = async (staleAccess: string): Promise<boolean> => {
    const current = tokens.get();
    if (!current) return false;
    if (current.accessToken !== staleAccess) return true; // refreshed meanwhile (another tab)
    try {
      const res = await options.fetch(
        new Request(options.refreshUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ refresh_token: current.refreshToken }),
        }),
      );
      if (!res.ok) return false;
      const body = (await res.json()) as TokenResponse;
      tokens.set({ accessToken: body.access_token, refreshToken: body.refresh_token });
      options.onRefreshed?.(body);
      return true;
    } catch {
      return false;
    }
  };

  return async (request: Request): Promise<Response> => {
    const path = new URL(request.url, 'http://localhost').pathname;
    if (NO_REFRESH.test(path)) return options.fetch(request);

    // Keep a copy for a possible second attempt (a body can be read only once).
    const spare = request.clone();
    const usedToken = tokens.get()?.accessToken;
    const response = await options.fetch(withToken(request, usedToken));
    if (response.status !== 401) return response;

    if (usedToken === undefined) {
      // Never logged in (or logged out meanwhile): nothing to refresh.
      if (tokens.get() === null) options.onSessionExpired();
      return response;
    }

    const latest = tokens.get()?.accessToken;
    // Another request refreshed the session while this one was on its way: just repeat it.
    const refreshed = latest !== undefined && latest !== usedToken ? true : await refresh(usedToken);
    if (!refreshed) return response;
    return options.fetch(withToken(spare, tokens.get()?.accessToken));
  };
}

function withToken(request: Request, token: string | undefined): Request {
  const r = new Request(request);
  if (token) r.headers.set('Authorization', `Bearer ${token}`);
  return r;
}
