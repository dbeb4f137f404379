// The session's tokens, kept in localStorage so a reload keeps the user logged in.
export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export interface TokenStore {
  get(): Tokens | null;
  set(tokens: Tokens): void;
  clear(): void;
  /** Called after every change (also from another tab); returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export const TOKEN_STORAGE_KEY = 'jiyuan.tokens';

export function createTokenStore(storage: Storage | null, key = TOKEN_STORAGE_KEY): TokenStore {
  let memory: Tokens | null = null;
  let cachedRaw: string | null | undefined;
  const listeners = new Set<() => void>();

  const read = (): Tokens | null => {
    if (!storage) return memory;
    const raw = storage.getItem(key);
    if (raw === cachedRaw) return memory;
    cachedRaw = raw;
    memory = parse(raw);
    return memory;
  };
  const notify = () => listeners.forEach((l) => l());

  if (typeof window !== 'undefined' && storage) {
    window.addEventListener('storage', (e) => {
      if (e.key === key || e.key === null) notify();
    });
  }

  return {
    get: read,
    set(tokens) {
      memory = tokens;
      if (storage) {
        cachedRaw = JSON.stringify(tokens);
        storage.setItem(key, cachedRaw);
      }
      notify();
    },
    clear() {
      const had = read() !== null;
      memory = null;
      if (storage) {
        cachedRaw = null;
        storage.removeItem(key);
      }
      if (had) notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function parse(raw: string | null): Tokens | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<Tokens>;
    if (typeof v.accessToken === 'string' && typeof v.refreshToken === 'string') {
      return { accessToken: v.accessToken, refreshToken: v.refreshToken };
    }
  } catch {
    // ignore a damaged entry
  }
  return null;
}
