// The session's access token, in this tab's memory only. The refresh token never reaches
// script: the server keeps it in the `jiyuan_refresh` cookie (HttpOnly, Path=/api/v1/auth), so a
// reload starts in `restoring` and asks POST /auth/refresh for a new access token (auth-fetch).
export type SessionPhase =
  /** Not known yet: the start's refresh from the cookie is under way. */
  | 'restoring'
  | 'signed-in'
  | 'signed-out';

export interface TokenStore {
  /** The access token, or null when signed out or still restoring. */
  get(): string | null;
  phase(): SessionPhase;
  /** A new access token (login, refresh, password change, or another tab's). */
  set(accessToken: string): void;
  /** Signed out (logout, a refused refresh, or no session to restore). */
  clear(): void;
  /** Called after every change; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export function createTokenStore(initial: 'restoring' | 'signed-out' = 'signed-out'): TokenStore {
  let token: string | null = null;
  let phase: SessionPhase = initial;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());

  return {
    get: () => token,
    phase: () => phase,
    set(accessToken) {
      token = accessToken;
      phase = 'signed-in';
      notify();
    },
    clear() {
      const changed = phase !== 'signed-out';
      token = null;
      phase = 'signed-out';
      if (changed) notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Where earlier versions kept both tokens (script-readable); removed at every start. */
export const LEGACY_TOKEN_KEYS = ['jiyuan.tokens'] as const;

/** Removes the tokens earlier versions left in Web Storage, so no refresh token stays readable. */
export function removeLegacyTokens(...storages: (Storage | null | undefined)[]): void {
  for (const storage of storages) {
    if (!storage) continue;
    for (const key of LEGACY_TOKEN_KEYS) {
      try {
        storage.removeItem(key);
      } catch {
        // storage unavailable (privacy settings): nothing to clean
      }
    }
  }
}
