// The one typed API client of the app (openapi-fetch over the generated schema), over the session
// (lib/session: access token in memory, refresh token in the server's HttpOnly cookie).
import createClient from 'openapi-fetch';
import type { paths } from '@/api/schema';
import type { TokenResponse } from '@/api/types';
import { createSession, type LogoutMarker, type SessionChannel, type SessionLocks, type SessionMessage } from './session';
import { createTokenStore, removeLegacyTokens } from './token-store';

export const API_BASE = '';
const inBrowser = typeof window !== 'undefined';

/** The access token (memory only); a page starts by restoring the session from the cookie. */
export const tokenStore = createTokenStore(inBrowser ? 'restoring' : 'signed-out');

type Listener<T> = (value: T) => void;
const refreshedListeners = new Set<Listener<TokenResponse>>();
const expiredListeners = new Set<() => void>();
const endedElsewhereListeners = new Set<() => void>();

/** Subscribe to new tokens of a refresh (here or in another tab), to update the cached user. */
export function onSessionRefreshed(l: Listener<TokenResponse>): () => void {
  refreshedListeners.add(l);
  return () => refreshedListeners.delete(l);
}
/** Subscribe to the end of the session (refresh refused). */
export function onSessionExpired(l: () => void): () => void {
  expiredListeners.add(l);
  return () => expiredListeners.delete(l);
}
/** Subscribe to the end of the session in another tab (logout there, or its refresh refused). */
export function onSignedOutElsewhere(l: () => void): () => void {
  endedElsewhereListeners.add(l);
  return () => endedElsewhereListeners.delete(l);
}

function webLocks(): SessionLocks | null {
  // Web Locks exist in secure contexts only (https, or http on localhost / 127.0.0.1).
  const locks = typeof navigator !== 'undefined' ? (navigator as Partial<Navigator>).locks : undefined;
  return locks ? { request: <T>(name: string, callback: () => Promise<T>) => locks.request(name, callback) as Promise<T> } : null;
}

function broadcastChannel(): SessionChannel | null {
  if (!inBrowser || typeof BroadcastChannel === 'undefined') return null;
  const bc = new BroadcastChannel('jiyuan-session');
  return {
    post: (m) => bc.postMessage(m),
    subscribe(listener) {
      const handler = (e: MessageEvent<SessionMessage>) => listener(e.data);
      bc.addEventListener('message', handler);
      return () => bc.removeEventListener('message', handler);
    },
  };
}

const LOGOUT_PENDING_KEY = 'jiyuan.logout-pending';
function logoutMarker(): LogoutMarker | null {
  if (!inBrowser) return null;
  return {
    get: () => {
      try {
        return window.localStorage.getItem(LOGOUT_PENDING_KEY) !== null;
      } catch {
        return false;
      }
    },
    set: (pending) => {
      try {
        if (pending) window.localStorage.setItem(LOGOUT_PENDING_KEY, '1');
        else window.localStorage.removeItem(LOGOUT_PENDING_KEY);
      } catch {
        // storage unavailable: the logout request is the only attempt
      }
    },
  };
}

export const session = createSession({
  fetch: (request) => globalThis.fetch(request),
  tokens: tokenStore,
  refreshUrl: `${API_BASE}/api/v1/auth/refresh`,
  logoutUrl: `${API_BASE}/api/v1/auth/logout`,
  locks: webLocks(),
  channel: broadcastChannel(),
  logoutMarker: logoutMarker(),
  onRefreshed: (r) => refreshedListeners.forEach((l) => l(r)),
  onSessionExpired: () => expiredListeners.forEach((l) => l()),
  onSignedOutElsewhere: () => endedElsewhereListeners.forEach((l) => l()),
});

/** At the start of the page: forget what earlier versions stored, then restore the session. */
export function startSession(): void {
  if (!inBrowser) return;
  try {
    removeLegacyTokens(window.localStorage, window.sessionStorage);
  } catch {
    // storage refused altogether (privacy settings): nothing was stored either
  }
  void session.restore();
}

export const api = createClient<paths>({
  baseUrl: API_BASE || (inBrowser ? window.location.origin : 'http://localhost'),
  fetch: (request) => session.fetch(request),
  headers: { Accept: 'application/json' },
  // The refresh cookie goes along with requests to this origin only (it is scoped to /api/v1/auth).
  credentials: 'same-origin',
});
