import { describe, expect, it, vi } from 'vitest';
import { createAuthFetch } from './auth-fetch';
import { createTokenStore } from './token-store';
import { loginPathFor } from './permissions';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const tokenResponse = (n: number) => ({
  access_token: `access-${n}`,
  refresh_token: `refresh-${n}`,
  token_type: 'Bearer',
  expires_in: 900,
  refresh_expires_in: 1209600,
  user: { id: 1, username: 'u', display_name: 'U', roles: [], office: null, language: 'zh-CN', must_change_password: false, permissions: [] },
});

/** A fake server: access token `access-N` is valid when N === current; refresh rotates. */
function fakeServer(opts: { refreshFails?: boolean; refreshDelayMs?: number } = {}) {
  const current = 2;
  let refreshCalls = 0;
  const seen: { url: string; auth: string | null; body: string | null }[] = [];
  const fetch = vi.fn(async (req: Request) => {
    const url = new URL(req.url).pathname;
    const body = req.method === 'GET' ? null : await req.text();
    seen.push({ url, auth: req.headers.get('Authorization'), body });
    if (url === '/api/v1/auth/refresh') {
      refreshCalls++;
      if (opts.refreshDelayMs) await new Promise((r) => setTimeout(r, opts.refreshDelayMs));
      const sent = JSON.parse(body ?? '{}') as { refresh_token?: string };
      if (opts.refreshFails || sent.refresh_token !== `refresh-${current - 1}`) {
        return json(401, { code: 'auth.invalid_refresh_token', status: 401, title: 'x', type: 'about:blank' });
      }
      return json(200, tokenResponse(current));
    }
    if (req.headers.get('Authorization') !== `Bearer access-${current}`) {
      return json(401, { code: 'auth.unauthenticated', status: 401, title: 'x', type: 'about:blank' });
    }
    return json(200, { ok: true, url, body });
  });
  return {
    fetch,
    seen,
    get refreshCalls() {
      return refreshCalls;
    },
  };
}

function setup(opts: { refreshFails?: boolean; refreshDelayMs?: number } = {}) {
  const server = fakeServer(opts);
  const tokens = createTokenStore(null);
  // The stored access token is the expired one (1); the refresh token 1 is still good.
  tokens.set({ accessToken: 'access-1', refreshToken: 'refresh-1' });
  const onSessionExpired = vi.fn();
  const onRefreshed = vi.fn();
  const authFetch = createAuthFetch({
    fetch: server.fetch,
    tokens,
    refreshUrl: 'http://app.test/api/v1/auth/refresh',
    onSessionExpired,
    onRefreshed,
  });
  return { server, tokens, authFetch, onSessionExpired, onRefreshed };
}

describe('createAuthFetch', () => {
  it('sends the bearer token and passes a successful answer through', async () => {
    const { server, tokens, authFetch } = setup();
    tokens.set({ accessToken: 'access-2', refreshToken: 'refresh-1' });
    const res = await authFetch(new Request('http://app.test/api/v1/me'));
    expect(res.status).toBe(200);
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]?.auth).toBe('Bearer access-2');
    expect(server.refreshCalls).toBe(0);
  });

  it('refreshes once on 401, stores the rotated tokens and repeats the request with its body', async () => {
    const { server, tokens, authFetch, onRefreshed, onSessionExpired } = setup();
    const res = await authFetch(
      new Request('http://app.test/api/v1/offices', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code: 'BJ', name: '北京' }),
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { body: string };
    expect(JSON.parse(body.body)).toEqual({ code: 'BJ', name: '北京' });
    expect(server.refreshCalls).toBe(1);
    expect(tokens.get()).toEqual({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    expect(onRefreshed).toHaveBeenCalledTimes(1);
    expect(onSessionExpired).not.toHaveBeenCalled();
    expect(server.seen.map((s) => s.url)).toEqual(['/api/v1/offices', '/api/v1/auth/refresh', '/api/v1/offices']);
    expect(server.seen[2]?.auth).toBe('Bearer access-2');
  });

  it('lets concurrent 401s share one refresh', async () => {
    const { server, authFetch } = setup({ refreshDelayMs: 20 });
    const results = await Promise.all(
      ['/api/v1/me', '/api/v1/users', '/api/v1/offices', '/api/v1/audit-events'].map((p) =>
        authFetch(new Request(`http://app.test${p}`)),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(server.refreshCalls).toBe(1);
  });

  it('repeats without refreshing when another request already refreshed meanwhile', async () => {
    const { server, tokens, authFetch } = setup();
    // First request refreshes.
    await authFetch(new Request('http://app.test/api/v1/me'));
    expect(server.refreshCalls).toBe(1);
    // A request that left with the old token comes back 401 after the refresh finished.
    const slowFetch = createAuthFetch({
      fetch: async (req) => {
        const res = await server.fetch(req);
        return res;
      },
      tokens: {
        ...tokens,
        get: (() => {
          let first = true;
          return () => {
            if (first) {
              first = false;
              return { accessToken: 'access-1', refreshToken: 'refresh-1' };
            }
            return tokens.get();
          };
        })(),
      },
      refreshUrl: 'http://app.test/api/v1/auth/refresh',
      onSessionExpired: vi.fn(),
    });
    const res = await slowFetch(new Request('http://app.test/api/v1/users'));
    expect(res.status).toBe(200);
    expect(server.refreshCalls).toBe(1);
  });

  it('tries only once: a request still refused after the refresh is returned as is', async () => {
    const server = fakeServer();
    const tokens = createTokenStore(null);
    tokens.set({ accessToken: 'access-1', refreshToken: 'refresh-1' });
    let calls = 0;
    const authFetch = createAuthFetch({
      fetch: async (req) => {
        const path = new URL(req.url).pathname;
        if (path === '/api/v1/auth/refresh') return server.fetch(req);
        calls++;
        return json(401, { code: 'auth.unauthenticated' });
      },
      tokens,
      refreshUrl: 'http://app.test/api/v1/auth/refresh',
      onSessionExpired: vi.fn(),
    });
    const res = await authFetch(new Request('http://app.test/api/v1/me'));
    expect(res.status).toBe(401);
    expect(calls).toBe(2);
    expect(server.refreshCalls).toBe(1);
  });

  it('ends the session once when the refresh is refused, and the user returns to the page they were on', async () => {
    const { server, tokens, authFetch, onSessionExpired } = setup({ refreshFails: true, refreshDelayMs: 5 });
    const results = await Promise.all([
      authFetch(new Request('http://app.test/api/v1/me')),
      authFetch(new Request('http://app.test/api/v1/users')),
    ]);
    expect(results.map((r) => r.status)).toEqual([401, 401]);
    expect(server.refreshCalls).toBe(1);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
    expect(tokens.get()).toBeNull();
    expect(loginPathFor({ pathname: '/system/users', search: '?role=admin&page=2' })).toBe(
      `/login?next=${encodeURIComponent('/system/users?role=admin&page=2')}`,
    );
  });

  it('never refreshes for the auth endpoints themselves (a wrong password is a 401 too)', async () => {
    const { server, authFetch, onSessionExpired } = setup();
    server.fetch.mockImplementationOnce(async () => json(401, { code: 'auth.invalid_credentials' }));
    const res = await authFetch(
      new Request('http://app.test/api/v1/auth/login', { method: 'POST', body: '{"username":"a","password":"b"}' }),
    );
    expect(res.status).toBe(401);
    expect(server.refreshCalls).toBe(0);
    expect(onSessionExpired).not.toHaveBeenCalled();
    expect(server.fetch.mock.calls[0]?.[0].headers.get('Authorization')).toBeNull();
  });

  it('reports the end of the session when a request without any token is refused', async () => {
    const server = fakeServer();
    const onSessionExpired = vi.fn();
    const authFetch = createAuthFetch({
      fetch: server.fetch,
      tokens: createTokenStore(null),
      refreshUrl: 'http://app.test/api/v1/auth/refresh',
      onSessionExpired,
    });
    const res = await authFetch(new Request('http://app.test/api/v1/me'));
    expect(res.status).toBe(401);
    expect(server.refreshCalls).toBe(0);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it('treats a network failure during the refresh as the end of the session', async () => {
    const tokens = createTokenStore(null);
    tokens.set({ accessToken: 'old', refreshToken: 'r' });
    const onSessionExpired = vi.fn();
    const authFetch = createAuthFetch({
      fetch: async (req) => {
        if (new URL(req.url).pathname.endsWith('/refresh')) throw new TypeError('Failed to fetch');
        return json(401, { code: 'auth.unauthenticated' });
      },
      tokens,
      refreshUrl: 'http://app.test/api/v1/auth/refresh',
      onSessionExpired,
    });
    expect((await authFetch(new Request('http://app.test/api/v1/me'))).status).toBe(401);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
    expect(tokens.get()).toBeNull();
  });
});

describe('several tabs', () => {
  it('take turns to refresh, so a single-use refresh token is never sent twice', async () => {
    // A minimal Web Locks: one holder per name at a time.
    const queues = new Map<string, Promise<unknown>>();
    vi.stubGlobal('navigator', {
      locks: {
        request: (name: string, fn: () => Promise<unknown>) => {
          const prev = queues.get(name) ?? Promise.resolve();
          const run = prev.then(fn, fn);
          queues.set(name, run.catch(() => undefined));
          return run;
        },
      },
    });
    try {
      const server = fakeServer({ refreshDelayMs: 10 });
      // Two tabs: two clients over the same storage.
      const tokens = createTokenStore(null);
      tokens.set({ accessToken: 'access-1', refreshToken: 'refresh-1' });
      const tab = () =>
        createAuthFetch({ fetch: server.fetch, tokens, refreshUrl: 'http://app.test/api/v1/auth/refresh', onSessionExpired: vi.fn() });
      const [a, b] = [tab(), tab()];
      const results = await Promise.all([
        a(new Request('http://app.test/api/v1/me')),
        b(new Request('http://app.test/api/v1/users')),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(server.refreshCalls).toBe(1);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('token store', () => {
  it('keeps tokens in storage and notifies subscribers', () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    } as unknown as Storage;
    const store = createTokenStore(storage);
    const listener = vi.fn();
    store.subscribe(listener);
    store.set({ accessToken: 'a', refreshToken: 'r' });
    expect(createTokenStore(storage).get()).toEqual({ accessToken: 'a', refreshToken: 'r' });
    store.clear();
    expect(createTokenStore(storage).get()).toBeNull();
    expect(listener).toHaveBeenCalledTimes(2);
    data.set('jiyuan.tokens', 'not json');
    expect(store.get()).toBeNull();
  });
});
