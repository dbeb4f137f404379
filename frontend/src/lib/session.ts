// The web app's session against the API.
//
// The refresh token lives in the server's `jiyuan_refresh` cookie (HttpOnly, Secure,
// SameSite=Strict, Path=/api/v1/auth): no script ever sees it. The access token is kept in this
// tab's memory (token-store). So:
// - at the start (a new tab, a reload) `restore()` asks POST /auth/refresh with `{}`, the cookie
//   travelling by itself, for a new access token; no cookie or a dead one → signed out;
// - `fetch` adds the bearer token and, when the server answers 401, refreshes once from the cookie
//   and repeats the request; concurrent 401s share one refresh; a refused refresh signs out and
//   reports the end of the session exactly once;
// - refresh tokens are single-use and presenting a used one ends the whole session, so every
//   request that uses or replaces the cookie (refresh, login, logout, password change) runs under
//   one Web Lock shared by the tabs of the browser, one at a time; a tab that gets the lock after
//   another tab refreshed (its new token arrives over the BroadcastChannel) does not refresh again;
// - tabs share the session: a new access token (login, refresh, password change) and the end of
//   the session (logout, refused refresh) are announced to the other tabs;
// - `logout()` signs out at once and ends the cookie's session on the server (POST /auth/logout
//   with `{}`); if that request fails, a marker (not a token) makes the next start try again, so
//   a reload never brings back a session the user ended.
import type { TokenResponse } from '@/api/types';
import type { TokenStore } from './token-store';

/** The part of the Web Locks API (`navigator.locks`) used here. */
export interface SessionLocks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** What tabs tell each other (no refresh token: the cookie is the browser's, not ours). */
export type SessionMessage = { type: 'tokens'; response: TokenResponse } | { type: 'ended' };

/** A BroadcastChannel between the tabs of the app (a fake in tests). */
export interface SessionChannel {
  post(message: SessionMessage): void;
  subscribe(listener: (message: SessionMessage) => void): () => void;
}

/** Remembers a logout the server has not confirmed yet (a flag in localStorage; never a token). */
export interface LogoutMarker {
  get(): boolean;
  set(pending: boolean): void;
}

export interface SessionOptions {
  /** The underlying fetch (window.fetch in the app, a mock in tests). */
  fetch: (request: Request) => Promise<Response>;
  tokens: TokenStore;
  /** Absolute or root-relative URLs of POST /auth/refresh and POST /auth/logout. */
  refreshUrl: string;
  logoutUrl: string;
  /** Web Locks; without them (an insecure context, tests) the calls of this tab still take turns. */
  locks?: SessionLocks | null;
  channel?: SessionChannel | null;
  logoutMarker?: LogoutMarker | null;
  /** New tokens from a refresh, here or in another tab (the body carries the current user too). */
  onRefreshed?: (response: TokenResponse) => void;
  /** The session is over (refresh refused or impossible): send the user to the login page. */
  onSessionExpired: () => void;
  /** Another tab signed out (or its refresh was refused): this tab is signed out too. */
  onSignedOutElsewhere?: () => void;
}

export interface Session {
  /** For the API client: bearer token, refresh on 401, cookie requests one at a time. */
  fetch(request: Request): Promise<Response>;
  /** At the start: an access token from the refresh cookie, if there is a live one. */
  restore(): Promise<boolean>;
  /** The tokens of a login or a password change (answered with `refresh_cookie: true`). */
  accept(response: TokenResponse): void;
  /** Signs out at once, then ends the session on the server. */
  logout(): Promise<void>;
  /** Stops listening to the other tabs. */
  close(): void;
}

export const REFRESH_LOCK = 'jiyuan-auth-refresh';

/** Auth endpoints answer 401 for their own reasons (wrong password …): never refresh for them. */
const AUTH_ENDPOINT = /\/api\/v1\/auth\/(login|refresh|logout)$/;
/** Requests whose answer sets or clears the refresh cookie: one at a time, across tabs. */
const SETS_COOKIE = /\/api\/v1\/(auth\/(login|refresh|logout)|me\/password)$/;

type Outcome = 'fresh' | 'refused' | 'ended';

export function createSession(options: SessionOptions): Session {
  const { tokens, channel, logoutMarker } = options;
  const locks = options.locks ?? null;

  // One cookie request at a time: the Web Lock (across tabs, and in order within this tab), or
  // without it a queue of this tab.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    if (locks) return locks.request(REFRESH_LOCK, fn);
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const announce = (message: SessionMessage) => {
    try {
      channel?.post(message);
    } catch {
      // a closed channel: the other tabs find out at their next refresh
    }
  };

  const adopt = (response: TokenResponse) => {
    // The user first (cached for the page), then the token that lets the page show.
    options.onRefreshed?.(response);
    tokens.set(response.access_token);
  };

  // Counts the ends of the session, so that a refresh answered after a logout (here or in
  // another tab) does not sign the user in again.
  let endings = 0;
  tokens.subscribe(() => {
    if (tokens.phase() === 'signed-out') endings++;
  });
  let loggingOut = false;

  /** Must run while holding the lock. `stale`: the access token the caller found refused. */
  const refreshHoldingLock = async (stale: string | null): Promise<Outcome> => {
    const current = tokens.get();
    if (current !== null && current !== stale) return 'fresh'; // refreshed meanwhile (here or in another tab)
    if (stale !== null && current === null) return 'ended'; // signed out meanwhile: nothing to bring back
    const endingsBefore = endings;
    try {
      const res = await options.fetch(
        new Request(options.refreshUrl, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: '{}',
        }),
      );
      if (!res.ok) return 'refused';
      const body = (await res.json()) as TokenResponse;
      if (endings !== endingsBefore) return 'ended'; // logged out while the answer was on its way
      adopt(body);
      announce({ type: 'tokens', response: body });
      return 'fresh';
    } catch {
      return 'refused';
    }
  };

  const endSession = () => {
    tokens.clear();
    options.onSessionExpired();
    announce({ type: 'ended' });
  };

  let refreshing: Promise<boolean> | null = null;
  /** After a 401 with `stale`: true when a newer access token is there to repeat the request with. */
  const refresh = (stale: string, holdingLock: boolean): Promise<boolean> => {
    const current = tokens.get();
    if (current !== null && current !== stale) return Promise.resolve(true);
    const settle = (outcome: Outcome) => {
      if (outcome === 'refused') endSession();
      return outcome === 'fresh';
    };
    // Inside a cookie request (the password change) the lock is ours already: waiting for it
    // again, or for a refresh queued behind it, would never end.
    if (holdingLock) return refreshHoldingLock(stale).then(settle);
    refreshing ??= exclusive(() => refreshHoldingLock(stale))
      .then(settle)
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  };

  const withRefresh = async (request: Request, holdingLock: boolean): Promise<Response> => {
    // Keep a copy for a possible second attempt (a body can be read only once).
    const spare = request.clone();
    const used = tokens.get();
    const response = await options.fetch(withToken(request, used));
    if (response.status !== 401) return response;
    if (used === null) {
      // Never signed in (or signed out meanwhile): nothing to refresh.
      if (tokens.phase() === 'signed-out') options.onSessionExpired();
      return response;
    }
    if (!(await refresh(used, holdingLock))) return response;
    return options.fetch(withToken(spare, tokens.get()));
  };

  const sendLogout = async (): Promise<void> => {
    try {
      const res = await options.fetch(
        new Request(options.logoutUrl, {
          method: 'POST',
          credentials: 'same-origin',
          keepalive: true,
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: '{}',
        }),
      );
      if (res.ok) logoutMarker?.set(false);
    } catch {
      // offline: the marker stays, the next start tries again
    }
  };

  const unsubscribe =
    channel?.subscribe((message) => {
      if (message.type === 'tokens') {
        if (!loggingOut) adopt(message.response);
      } else if (tokens.phase() !== 'signed-out') {
        tokens.clear();
        options.onSignedOutElsewhere?.();
      }
    }) ?? (() => undefined);

  return {
    fetch(request) {
      const path = new URL(request.url, 'http://localhost').pathname;
      if (AUTH_ENDPOINT.test(path)) return exclusive(() => options.fetch(request));
      return SETS_COOKIE.test(path) ? exclusive(() => withRefresh(request, true)) : withRefresh(request, false);
    },

    async restore() {
      if (logoutMarker?.get()) {
        // A logout the server never confirmed: finish it instead of bringing the session back.
        await exclusive(sendLogout);
        tokens.clear();
        return false;
      }
      const outcome = await exclusive(() => refreshHoldingLock(null));
      if (outcome === 'fresh') return true;
      tokens.clear();
      return false;
    },

    accept(response) {
      logoutMarker?.set(false);
      adopt(response);
      announce({ type: 'tokens', response });
    },

    async logout() {
      logoutMarker?.set(true);
      loggingOut = true;
      tokens.clear();
      announce({ type: 'ended' });
      try {
        await exclusive(async () => {
          await sendLogout();
          // A refresh of another tab may have handed its new token over meanwhile: the session
          // is over now, so forget it again, there too.
          tokens.clear();
          announce({ type: 'ended' });
        });
      } finally {
        loggingOut = false;
      }
    },

    close: unsubscribe,
  };
}

function withToken(request: Request, token: string | null): Request {
  const r = new Request(request);
  if (token) r.headers.set('Authorization', `Bearer ${token}`);
  return r;
}
