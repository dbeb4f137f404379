// The signed-in user's session: the access token (token-store, memory only; the refresh token is
// the server's HttpOnly cookie, see lib/session), the current user (GET /me, cached by TanStack
// Query) and the login / logout / password-change calls.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import type { Language, Me, TokenResponse } from '@/api/types';
import { api, onSessionExpired, onSessionRefreshed, onSignedOutElsewhere, session, tokenStore } from './api-client';
import { unwrap } from './api-error';
import type { SessionPhase } from './token-store';

export const ME_QUERY_KEY = ['me'] as const;

let expiredFlag = false;
let loggedOutFlag = false;
/** True after the user logged out (the login page then does not offer to come back). */
export function loggedOutOnPurpose(): boolean {
  return loggedOutFlag;
}
/** True once after a session ended by itself (the login page says so). */
export function consumeSessionExpired(): boolean {
  const v = expiredFlag;
  expiredFlag = false;
  return v;
}

/** Restoring (the start's refresh from the cookie), signed in or signed out. */
export function useSessionPhase(): SessionPhase {
  return useSyncExternalStore(tokenStore.subscribe, tokenStore.phase, () => 'restoring');
}

export function fetchMe(): Promise<Me> {
  return unwrap(api.GET('/api/v1/me'));
}

export type SessionState =
  | { status: 'anonymous' }
  | { status: 'loading' }
  | { status: 'error'; error: unknown; retry: () => void }
  | { status: 'authenticated'; user: Me };

export function useSession(): SessionState {
  const phase = useSessionPhase();
  const me = useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: fetchMe,
    enabled: phase === 'signed-in',
    staleTime: 5 * 60_000,
    retry: false,
  });
  // While the session is restored from the cookie: a neutral loader, not the login page.
  if (phase === 'restoring') return { status: 'loading' };
  if (phase === 'signed-out') return { status: 'anonymous' };
  if (me.data) return { status: 'authenticated', user: me.data };
  if (me.isError) return { status: 'error', error: me.error, retry: () => void me.refetch() };
  return { status: 'loading' };
}

/** The current user; only for components rendered inside the authenticated layout. */
export function useUser(): Me {
  const session = useSession();
  if (session.status !== 'authenticated') throw new Error('useUser outside an authenticated page');
  return session.user;
}

/** Keeps the cached user in step with silent refreshes and clears everything when the session ends. */
export function useSessionEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const offRefreshed = onSessionRefreshed((r) => queryClient.setQueryData(ME_QUERY_KEY, r.user));
    const offExpired = onSessionExpired(() => {
      expiredFlag = true;
      loggedOutFlag = false;
      queryClient.removeQueries();
    });
    // Another tab signed out: so does this one (to the login page, which brings the user back here).
    const offElsewhere = onSignedOutElsewhere(() => queryClient.removeQueries());
    return () => {
      offRefreshed();
      offExpired();
      offElsewhere();
    };
  }, [queryClient]);
}

function useAcceptTokens(): (r: TokenResponse) => void {
  const queryClient = useQueryClient();
  return (r) => {
    session.accept(r);
    queryClient.setQueryData(ME_QUERY_KEY, r.user);
  };
}

export function useLogin() {
  const accept = useAcceptTokens();
  const queryClient = useQueryClient();
  return useMutation({
    // The refresh token comes back as the HttpOnly cookie, not in the body.
    mutationFn: (body: { username: string; password: string }) =>
      unwrap(api.POST('/api/v1/auth/login', { body: { ...body, refresh_cookie: true } })),
    onSuccess: (r) => {
      queryClient.removeQueries();
      loggedOutFlag = false;
      expiredFlag = false;
      accept(r);
    },
  });
}

export function useChangePassword() {
  const accept = useAcceptTokens();
  return useMutation({
    mutationFn: (body: { current_password: string; new_password: string }) =>
      unwrap(api.POST('/api/v1/me/password', { body: { ...body, refresh_cookie: true } })),
    onSuccess: accept,
  });
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { display_name?: string; language?: Language; email?: string }) => unwrap(api.PATCH('/api/v1/me', { body })),
    onSuccess: (me) => queryClient.setQueryData(ME_QUERY_KEY, me),
  });
}

/** Ends the session: forgets the access token at once, then ends the cookie's session on the server. */
export function useLogout(): () => void {
  const queryClient = useQueryClient();
  return () => {
    loggedOutFlag = true;
    void session.logout();
    queryClient.removeQueries();
  };
}
