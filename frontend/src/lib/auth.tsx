// The signed-in user's session: tokens (token-store), the current user (GET /me, cached by
// TanStack Query) and the login / logout / password-change calls.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import type { Language, Me, TokenResponse } from '@/api/types';
import { api, onSessionExpired, onSessionRefreshed, storeTokens, tokenStore } from './api-client';
import { unwrap } from './api-error';

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

export function useHasTokens(): boolean {
  return useSyncExternalStore(
    tokenStore.subscribe,
    () => tokenStore.get() !== null,
    () => false,
  );
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
  const hasTokens = useHasTokens();
  const me = useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: fetchMe,
    enabled: hasTokens,
    staleTime: 5 * 60_000,
    retry: false,
  });
  if (!hasTokens) return { status: 'anonymous' };
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
    return () => {
      offRefreshed();
      offExpired();
    };
  }, [queryClient]);
}

function useAcceptTokens(): (r: TokenResponse) => void {
  const queryClient = useQueryClient();
  return (r) => {
    storeTokens(r);
    queryClient.setQueryData(ME_QUERY_KEY, r.user);
  };
}

export function useLogin() {
  const accept = useAcceptTokens();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => unwrap(api.POST('/api/v1/auth/login', { body })),
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
      unwrap(api.POST('/api/v1/me/password', { body })),
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

/** Ends the session: forgets the tokens at once, then tells the server (best effort). */
export function useLogout(): () => void {
  const queryClient = useQueryClient();
  return () => {
    const tokens = tokenStore.get();
    loggedOutFlag = true;
    tokenStore.clear();
    queryClient.removeQueries();
    if (tokens) {
      // Ends this session's token family on the server; a failure must not keep the user in.
      void api
        .POST('/api/v1/auth/logout', {
          body: { refresh_token: tokens.refreshToken },
          headers: { Authorization: `Bearer ${tokens.accessToken}` },
        })
        .catch(() => undefined);
    }
  };
}
