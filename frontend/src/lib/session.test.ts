import { afterEach, describe, expect, it, vi } from 'vitest';
import { loginPathFor } from './permissions';
import { createSession, REFRESH_LOCK, type LogoutMarker, type SessionChannel, type SessionLocks, type SessionMessage } from './session';
import { createTokenStore, LEGACY_TOKEN_KEYS, removeLegacyTokens, type TokenStore } from './token-store';

const ORIGIN = 'http://app.test';
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const problem = (status: number, code: string) => json(status, { code, status, title: 'x', type: 'about:blank' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const user = { id: 1, username: 'u', display_name: 'U', roles: [], office: null, language: 'zh-CN' as const, email: '', must_change_password: false, permissions: [] };
/** As the server answers with `refresh_cookie: true`: no refresh token in the body. */
const tokenResponse = (n: number) => ({
  access_token: `access-${n}`,
  token_type: 'Bearer',
  expires_in: 900,
  refresh_expires_in: 1209600,
  user,
});

interface Seen {
  url: string;
  method: string;
  auth: string | null;
  cookie: string | null;
  credentials: RequestCredentials;
  body: string | null;
}

/**
 * A browser (its cookie jar, shared by its tabs) in front of a server like the real one: the
 * refresh token travels only in the `jiyuan_refresh` cookie, is single-use, and presenting a used
 * one again revokes the whole family (then every refresh fails and the cookie is cleared).
 */
function fakeBrowser(opts: { refreshDelayMs?: number; refreshFails?: boolean; logoutFails?: boolean } = {}) {
  let generation = 1;
  let liveRefresh: string | null = 'refresh-1';
  const used = new Set<string>();
  let validAccess: string | null = null; // the tabs' access-1 has expired
  const jar: { refresh: string | null } = { refresh: 'refresh-1' };
  const seen: Seen[] = [];
  let refreshCalls = 0;
  let reuseDetected = false;

  const setCookie = (value: string | null) => {
    jar.refresh = value;
  };

  const fetch = vi.fn(async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const path = url.pathname;
    // The browser adds the cookie (Path=/api/v1/auth, same origin) unless told to omit credentials.
    const cookie =
      path.startsWith('/api/v1/auth') && url.origin === ORIGIN && req.credentials !== 'omit' ? jar.refresh : null;
    const body = req.method === 'GET' ? null : await req.text();
    seen.push({ url: path, method: req.method, auth: req.headers.get('Authorization'), cookie, credentials: req.credentials, body });

    if (path === '/api/v1/auth/refresh') {
      refreshCalls++;
      if (opts.refreshDelayMs) await sleep(opts.refreshDelayMs);
      const sent = JSON.parse(body ?? 'null') as Record<string, unknown> | null;
      if (!sent || 'refresh_token' in sent) return problem(422, 'validation');
      if (cookie && used.has(cookie)) {
        reuseDetected = true;
        liveRefresh = null; // the family is revoked
      }
      if (opts.refreshFails || !cookie || cookie !== liveRefresh) {
        if (cookie) setCookie(null);
        return problem(401, 'auth.invalid_refresh_token');
      }
      used.add(cookie);
      generation++;
      liveRefresh = `refresh-${generation}`;
      validAccess = `access-${generation}`;
      setCookie(liveRefresh);
      return json(200, tokenResponse(generation));
    }
    if (path === '/api/v1/auth/logout') {
      if (opts.logoutFails) throw new TypeError('Failed to fetch');
      if (cookie && cookie === liveRefresh) liveRefresh = null;
      setCookie(null);
      return new Response(null, { status: 204 });
    }
    if (path === '/api/v1/auth/login') {
      generation++;
      liveRefresh = `refresh-${generation}`;
      validAccess = `access-${generation}`;
      setCookie(liveRefresh);
      return json(200, tokenResponse(generation));
    }
    if (!validAccess || req.headers.get('Authorization') !== `Bearer ${validAccess}`) {
      return problem(401, 'auth.unauthenticated');
    }
    if (path === '/api/v1/me/password') {
      // Ends every other session; this one goes on with a new family in the cookie.
      used.add(liveRefresh ?? '');
      generation++;
      liveRefresh = `refresh-${generation}`;
      validAccess = `access-${generation}`;
      setCookie(liveRefresh);
      return json(200, tokenResponse(generation));
    }
    return json(200, { ok: true, url: path, body });
  });

  return {
    fetch,
    seen,
    jar,
    get refreshCalls() {
      return refreshCalls;
    },
    get reuseDetected() {
      return reuseDetected;
    },
    get liveRefresh() {
      return liveRefresh;
    },
    expireAccess() {
      validAccess = null;
    },
    kill() {
      liveRefresh = null;
    },
  };
}

/** A minimal Web Locks: one holder per name at a time, in the order asked; records who held it. */
function fakeLocks() {
  const queues = new Map<string, Promise<unknown>>();
  let held = 0;
  const locks: SessionLocks & { readonly held: number } = {
    request<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const prev = queues.get(name) ?? Promise.resolve();
      const run = prev.then(async () => {
        held++;
        try {
          return await fn();
        } finally {
          held--;
        }
      });
      queues.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
    get held() {
      return held;
    },
  };
  return locks;
}

/** A BroadcastChannel between tabs: a message reaches every other tab (not the sender). */
function fakeHub() {
  const tabs = new Set<(m: SessionMessage) => void>();
  const sent: SessionMessage[] = [];
  return {
    sent,
    channel(): SessionChannel {
      let mine: ((m: SessionMessage) => void) | null = null;
      return {
        post: (m) => {
          sent.push(structuredClone(m));
          tabs.forEach((l) => l !== mine && l(structuredClone(m)));
        },
        subscribe(listener) {
          mine = listener;
          tabs.add(listener);
          return () => tabs.delete(listener);
        },
      };
    },
  };
}

function memoryMarker(): LogoutMarker & { value: boolean } {
  const m = {
    value: false,
    get: () => m.value,
    set: (v: boolean) => {
      m.value = v;
    },
  };
  return m;
}

type Browser = ReturnType<typeof fakeBrowser>;

function tab(
  browser: Browser,
  extra: { tokens?: TokenStore; locks?: SessionLocks | null; channel?: SessionChannel | null; logoutMarker?: LogoutMarker | null } = {},
) {
  const tokens = extra.tokens ?? createTokenStore();
  const onSessionExpired = vi.fn();
  const onRefreshed = vi.fn();
  const onSignedOutElsewhere = vi.fn();
  const session = createSession({
    fetch: browser.fetch,
    tokens,
    refreshUrl: `${ORIGIN}/api/v1/auth/refresh`,
    logoutUrl: `${ORIGIN}/api/v1/auth/logout`,
    locks: extra.locks,
    channel: extra.channel,
    logoutMarker: extra.logoutMarker,
    onSessionExpired,
    onRefreshed,
    onSignedOutElsewhere,
  });
  return { session, tokens, onSessionExpired, onRefreshed, onSignedOutElsewhere };
}

/** A signed-in tab whose access token (access-1) has expired; the cookie holds refresh-1. */
function setup(opts: Parameters<typeof fakeBrowser>[0] = {}) {
  const browser = fakeBrowser(opts);
  const t = tab(browser);
  t.tokens.set('access-1');
  return { browser, ...t };
}

const get = (path: string) => new Request(`${ORIGIN}${path}`);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('requests and refresh from the cookie', () => {
  it('sends the bearer token and passes a successful answer through', async () => {
    const browser = fakeBrowser();
    const { tokens, session } = tab(browser, { tokens: createTokenStore('restoring') });
    await session.restore(); // access-2 now, refresh-2 in the cookie
    browser.seen.length = 0;
    const res = await session.fetch(get('/api/v1/me'));
    expect(res.status).toBe(200);
    expect(browser.seen).toHaveLength(1);
    expect(browser.seen[0]?.auth).toBe(`Bearer ${tokens.get()}`);
    expect(browser.refreshCalls).toBe(1);
  });

  it('refreshes once on 401 with the cookie only, keeps the new access token in memory and repeats the request with its body', async () => {
    const { browser, tokens, session, onRefreshed, onSessionExpired } = setup();
    const res = await session.fetch(
      new Request(`${ORIGIN}/api/v1/offices`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code: 'BJ', name: '北京' }),
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { body: string };
    expect(JSON.parse(body.body)).toEqual({ code: 'BJ', name: '北京' });
    expect(browser.seen.map((s) => s.url)).toEqual(['/api/v1/offices', '/api/v1/auth/refresh', '/api/v1/offices']);
    // The refresh sends `{}` and the cookie: no token in its body, none in a header.
    const refresh = browser.seen[1];
    expect(refresh).toMatchObject({ method: 'POST', body: '{}', cookie: 'refresh-1', auth: null, credentials: 'same-origin' });
    expect(browser.jar.refresh).toBe('refresh-2');
    expect(tokens.get()).toBe('access-2');
    expect(tokens.phase()).toBe('signed-in');
    expect(onRefreshed).toHaveBeenCalledTimes(1);
    expect(onSessionExpired).not.toHaveBeenCalled();
    expect(browser.seen[2]?.auth).toBe('Bearer access-2');
  });

  it('lets concurrent 401s share one refresh (single flight)', async () => {
    const { browser, session } = setup({ refreshDelayMs: 20 });
    const results = await Promise.all(
      ['/api/v1/me', '/api/v1/users', '/api/v1/offices', '/api/v1/audit-events'].map((p) => session.fetch(get(p))),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(browser.refreshCalls).toBe(1);
    expect(browser.reuseDetected).toBe(false);
  });

  it('repeats without refreshing when another request already refreshed meanwhile', async () => {
    const { browser, tokens, session } = setup();
    // A request that left with the old token comes back 401 only after the refresh finished.
    let releaseSlow!: () => void;
    const slowGate = new Promise<void>((r) => (releaseSlow = r));
    browser.fetch.mockImplementationOnce(async () => {
      await slowGate;
      return problem(401, 'auth.unauthenticated');
    });
    const slow = session.fetch(get('/api/v1/users'));
    await session.fetch(get('/api/v1/me')); // refreshes
    expect(browser.refreshCalls).toBe(1);
    expect(tokens.get()).toBe('access-2');
    releaseSlow();
    const res = await slow;
    expect(res.status).toBe(200);
    expect(browser.refreshCalls).toBe(1);
  });

  it('tries only once: a request still refused after the refresh is returned as is', async () => {
    const { browser, session } = setup();
    let calls = 0;
    const realFetch = browser.fetch.getMockImplementation();
    if (!realFetch) throw new Error('no fake server');
    browser.fetch.mockImplementation(async (req: Request) => {
      if (new URL(req.url).pathname === '/api/v1/auth/refresh') return realFetch(req);
      calls++;
      return problem(401, 'auth.unauthenticated');
    });
    const res = await session.fetch(get('/api/v1/me'));
    expect(res.status).toBe(401);
    expect(calls).toBe(2);
    expect(browser.refreshCalls).toBe(1);
  });

  it('ends the session once when the refresh is refused, and the user returns to the page they were on', async () => {
    const { browser, tokens, session, onSessionExpired } = setup({ refreshFails: true, refreshDelayMs: 5 });
    const results = await Promise.all([session.fetch(get('/api/v1/me')), session.fetch(get('/api/v1/users'))]);
    expect(results.map((r) => r.status)).toEqual([401, 401]);
    expect(browser.refreshCalls).toBe(1);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
    expect(tokens.get()).toBeNull();
    expect(tokens.phase()).toBe('signed-out');
    // The server cleared the dead cookie.
    expect(browser.jar.refresh).toBeNull();
    expect(loginPathFor({ pathname: '/system/users', search: '?role=admin&page=2' })).toBe(
      `/login?next=${encodeURIComponent('/system/users?role=admin&page=2')}`,
    );
  });

  it('never refreshes for the auth endpoints themselves (a wrong password is a 401 too)', async () => {
    const { browser, session, onSessionExpired } = setup();
    browser.fetch.mockImplementationOnce(async () => problem(401, 'auth.invalid_credentials'));
    const res = await session.fetch(
      new Request(`${ORIGIN}/api/v1/auth/login`, { method: 'POST', body: '{"username":"a","password":"b","refresh_cookie":true}' }),
    );
    expect(res.status).toBe(401);
    expect(browser.refreshCalls).toBe(0);
    expect(onSessionExpired).not.toHaveBeenCalled();
    expect(browser.fetch.mock.calls[0]?.[0].headers.get('Authorization')).toBeNull();
  });

  it('reports the end of the session when a request without any token is refused', async () => {
    const browser = fakeBrowser();
    const { session, onSessionExpired } = tab(browser);
    const res = await session.fetch(get('/api/v1/me'));
    expect(res.status).toBe(401);
    expect(browser.refreshCalls).toBe(0);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
  });

  it('treats a network failure during the refresh as the end of the session', async () => {
    const { browser, tokens, session, onSessionExpired } = setup();
    browser.fetch.mockImplementation(async (req: Request) => {
      if (new URL(req.url).pathname.endsWith('/refresh')) throw new TypeError('Failed to fetch');
      return problem(401, 'auth.unauthenticated');
    });
    expect((await session.fetch(get('/api/v1/me'))).status).toBe(401);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
    expect(tokens.get()).toBeNull();
  });
});

describe('restoring the session at the start (a reload, a new tab)', () => {
  it('gets an access token from the cookie while the page shows it is restoring', async () => {
    const browser = fakeBrowser();
    const tokens = createTokenStore('restoring');
    const { session, onRefreshed, onSessionExpired } = tab(browser, { tokens });
    const changes = vi.fn();
    tokens.subscribe(changes);
    expect(tokens.phase()).toBe('restoring');
    expect(tokens.get()).toBeNull();
    const restored = session.restore();
    expect(tokens.phase()).toBe('restoring');
    expect(await restored).toBe(true);
    expect(tokens.phase()).toBe('signed-in');
    expect(tokens.get()).toBe('access-2');
    expect(changes).toHaveBeenCalledTimes(1);
    // The cached user comes with the answer.
    expect(onRefreshed).toHaveBeenCalledWith(expect.objectContaining({ user: expect.objectContaining({ username: 'u' }) }));
    expect(onSessionExpired).not.toHaveBeenCalled();
    expect(browser.seen).toEqual([
      { url: '/api/v1/auth/refresh', method: 'POST', auth: null, cookie: 'refresh-1', credentials: 'same-origin', body: '{}' },
    ]);
  });

  it('without a cookie (or a dead one) ends signed out, quietly', async () => {
    const browser = fakeBrowser();
    browser.jar.refresh = null;
    const tokens = createTokenStore('restoring');
    const { session, onSessionExpired } = tab(browser, { tokens });
    expect(await session.restore()).toBe(false);
    expect(tokens.phase()).toBe('signed-out');
    expect(tokens.get()).toBeNull();
    // Not "your session expired": there was none.
    expect(onSessionExpired).not.toHaveBeenCalled();

    const dead = fakeBrowser();
    dead.kill();
    const t2 = tab(dead, { tokens: createTokenStore('restoring') });
    expect(await t2.session.restore()).toBe(false);
    expect(t2.tokens.phase()).toBe('signed-out');
    expect(dead.jar.refresh).toBeNull();
  });

  it('a failed network at the start shows the login page rather than hanging', async () => {
    const browser = fakeBrowser();
    browser.fetch.mockImplementation(async () => {
      throw new TypeError('Failed to fetch');
    });
    const tokens = createTokenStore('restoring');
    const { session } = tab(browser, { tokens });
    expect(await session.restore()).toBe(false);
    expect(tokens.phase()).toBe('signed-out');
  });

  it('does not refresh when another tab handed its new token over while this one waited for the lock', async () => {
    const browser = fakeBrowser({ refreshDelayMs: 10 });
    const locks = fakeLocks();
    const hub = fakeHub();
    const a = tab(browser, { locks, channel: hub.channel() });
    a.tokens.set('access-1');
    const b = tab(browser, { locks, channel: hub.channel(), tokens: createTokenStore('restoring') });
    // Tab A refreshes (holding the lock) while tab B starts.
    const [resA, restored] = await Promise.all([a.session.fetch(get('/api/v1/me')), b.session.restore()]);
    expect(resA.status).toBe(200);
    expect(restored).toBe(true);
    expect(browser.refreshCalls).toBe(1);
    expect(b.tokens.get()).toBe('access-2');
    expect(b.onRefreshed).toHaveBeenCalledTimes(1);
  });
});

describe('several tabs share the cookie', () => {
  it('take turns to refresh (Web Locks), so a single-use refresh token is never presented twice', async () => {
    const browser = fakeBrowser({ refreshDelayMs: 10 });
    const locks = fakeLocks();
    // No channel: each tab needs its own access token, and gets it in turn.
    const [a, b] = [tab(browser, { locks }), tab(browser, { locks })];
    a.tokens.set('access-1');
    b.tokens.set('access-1');
    const results = await Promise.all([a.session.fetch(get('/api/v1/me')), b.session.fetch(get('/api/v1/users'))]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(browser.reuseDetected).toBe(false);
    const cookies = browser.seen.filter((s) => s.url === '/api/v1/auth/refresh').map((s) => s.cookie);
    expect(cookies).toEqual(['refresh-1', 'refresh-2']);
    expect(a.onSessionExpired).not.toHaveBeenCalled();
    expect(b.onSessionExpired).not.toHaveBeenCalled();
  });

  it('(the fake server does catch a reused token: tabs that did not take turns log each other out)', async () => {
    const browser = fakeBrowser({ refreshDelayMs: 10 });
    const [a, b] = [tab(browser), tab(browser)]; // no shared lock
    a.tokens.set('access-1');
    b.tokens.set('access-1');
    await Promise.all([a.session.fetch(get('/api/v1/me')), b.session.fetch(get('/api/v1/users'))]);
    expect(browser.reuseDetected).toBe(true);
  });

  it('a tab that gets the lock after another one refreshed uses the token it announced', async () => {
    const browser = fakeBrowser({ refreshDelayMs: 10 });
    const locks = fakeLocks();
    const hub = fakeHub();
    const [a, b] = [tab(browser, { locks, channel: hub.channel() }), tab(browser, { locks, channel: hub.channel() })];
    a.tokens.set('access-1');
    b.tokens.set('access-1');
    const results = await Promise.all([a.session.fetch(get('/api/v1/me')), b.session.fetch(get('/api/v1/users'))]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(browser.refreshCalls).toBe(1);
    expect(b.tokens.get()).toBe('access-2');
    // What travels between tabs never holds a refresh token.
    expect(JSON.stringify(hub.sent)).not.toContain('refresh-');
  });

  it('a refused refresh signs the other tabs out too', async () => {
    const browser = fakeBrowser();
    browser.kill();
    const hub = fakeHub();
    const [a, b] = [tab(browser, { channel: hub.channel() }), tab(browser, { channel: hub.channel() })];
    a.tokens.set('access-1');
    b.tokens.set('access-1');
    await a.session.fetch(get('/api/v1/me'));
    expect(a.onSessionExpired).toHaveBeenCalledTimes(1);
    expect(b.tokens.phase()).toBe('signed-out');
    expect(b.onSignedOutElsewhere).toHaveBeenCalledTimes(1);
  });

  it('a login in one tab (accept) signs the others in, without a refresh', async () => {
    const browser = fakeBrowser();
    const hub = fakeHub();
    const [a, b] = [tab(browser, { channel: hub.channel() }), tab(browser, { channel: hub.channel() })];
    a.session.accept(tokenResponse(7));
    expect(a.tokens.get()).toBe('access-7');
    expect(b.tokens.get()).toBe('access-7');
    expect(b.onRefreshed).toHaveBeenCalledWith(expect.objectContaining({ access_token: 'access-7' }));
    expect(browser.refreshCalls).toBe(0);
  });
});

describe('cookie requests take turns', () => {
  it('a login waits until a refresh of another tab has its answer, so the cookie it sets is the last one', async () => {
    const browser = fakeBrowser({ refreshDelayMs: 20 });
    const locks = fakeLocks();
    const [a, b] = [tab(browser, { locks }), tab(browser, { locks })];
    a.tokens.set('access-1');
    const refreshing = a.session.fetch(get('/api/v1/me'));
    await sleep(1);
    const login = b.session.fetch(
      new Request(`${ORIGIN}/api/v1/auth/login`, { method: 'POST', body: '{"username":"u","password":"p","refresh_cookie":true}' }),
    );
    await Promise.all([refreshing, login]);
    expect(browser.seen.map((s) => s.url).filter((u) => u.startsWith('/api/v1/auth/'))).toEqual([
      '/api/v1/auth/refresh',
      '/api/v1/auth/login',
    ]);
    expect(browser.jar.refresh).toBe(browser.liveRefresh);
  });

  it('the password change holds the lock and, on an expired access token, refreshes inside it (no deadlock)', async () => {
    const browser = fakeBrowser();
    const locks = fakeLocks();
    const { session, tokens } = tab(browser, { locks });
    tokens.set('access-1');
    const lockRequests = vi.spyOn(locks, 'request');
    const res = await session.fetch(
      new Request(`${ORIGIN}/api/v1/me/password`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ current_password: 'a', new_password: 'b', refresh_cookie: true }),
      }),
    );
    expect(res.status).toBe(200);
    expect(lockRequests).toHaveBeenCalledTimes(1);
    expect(lockRequests.mock.calls[0]?.[0]).toBe(REFRESH_LOCK);
    expect(browser.seen.map((s) => s.url)).toEqual(['/api/v1/me/password', '/api/v1/auth/refresh', '/api/v1/me/password']);
    expect(JSON.parse(browser.seen[2]?.body ?? '{}')).toMatchObject({ refresh_cookie: true });
    expect(browser.reuseDetected).toBe(false);
    expect(locks.held).toBe(0);
  });
});

describe('logout', () => {
  it('signs out at once, ends the cookie session on the server with {} and signs the other tabs out', async () => {
    const browser = fakeBrowser();
    const hub = fakeHub();
    const marker = memoryMarker();
    const a = tab(browser, { channel: hub.channel(), logoutMarker: marker });
    const b = tab(browser, { channel: hub.channel() });
    a.session.accept(tokenResponse(1));
    const done = a.session.logout();
    expect(a.tokens.phase()).toBe('signed-out');
    expect(b.tokens.phase()).toBe('signed-out');
    expect(b.onSignedOutElsewhere).toHaveBeenCalled();
    expect(marker.value).toBe(true);
    await done;
    const logout = browser.seen.find((s) => s.url === '/api/v1/auth/logout');
    expect(logout).toMatchObject({ method: 'POST', body: '{}', cookie: 'refresh-1', credentials: 'same-origin' });
    expect(browser.liveRefresh).toBeNull();
    expect(browser.jar.refresh).toBeNull();
    expect(marker.value).toBe(false);
    expect(a.onSessionExpired).not.toHaveBeenCalled();
    // A reload now finds no session.
    const again = tab(browser, { tokens: createTokenStore('restoring'), logoutMarker: marker });
    expect(await again.session.restore()).toBe(false);
  });

  it('a logout the server did not get is finished at the next start instead of restoring the session', async () => {
    const offline = fakeBrowser({ logoutFails: true });
    const marker = memoryMarker();
    const a = tab(offline, { logoutMarker: marker });
    a.tokens.set('access-1');
    await a.session.logout();
    expect(a.tokens.phase()).toBe('signed-out');
    expect(marker.value).toBe(true);
    expect(offline.liveRefresh).toBe('refresh-1');

    // Back online, the page is reloaded.
    const online = fakeBrowser();
    const reloaded = tab(online, { tokens: createTokenStore('restoring'), logoutMarker: marker });
    expect(await reloaded.session.restore()).toBe(false);
    expect(reloaded.tokens.phase()).toBe('signed-out');
    expect(online.seen.map((s) => s.url)).toEqual(['/api/v1/auth/logout']);
    expect(online.liveRefresh).toBeNull();
    expect(marker.value).toBe(false);
  });

  it('a token another tab announces while the logout is under way does not keep this tab signed in', async () => {
    const browser = fakeBrowser({ refreshDelayMs: 20 });
    const locks = fakeLocks();
    const hub = fakeHub();
    const a = tab(browser, { locks, channel: hub.channel() });
    const b = tab(browser, { locks, channel: hub.channel() });
    a.tokens.set('access-1');
    b.tokens.set('access-1');
    const refreshing = b.session.fetch(get('/api/v1/me')); // holds the lock first
    await sleep(1);
    const loggedOut = a.session.logout();
    const aPhases: string[] = [];
    a.tokens.subscribe(() => aPhases.push(a.tokens.phase()));
    await Promise.all([refreshing, loggedOut]);
    // Tab A never came back to life after its logout (no flash of the workbench).
    expect(aPhases).not.toContain('signed-in');
    expect(a.tokens.phase()).toBe('signed-out');
    expect(b.tokens.phase()).toBe('signed-out');
    expect(browser.liveRefresh).toBeNull();
  });
});

describe('token store', () => {
  it('keeps the access token in memory, with the phase, and notifies subscribers', () => {
    const store = createTokenStore('restoring');
    const listener = vi.fn();
    store.subscribe(listener);
    expect(store.phase()).toBe('restoring');
    store.set('a');
    expect(store.get()).toBe('a');
    expect(store.phase()).toBe('signed-in');
    store.clear();
    expect(store.get()).toBeNull();
    expect(store.phase()).toBe('signed-out');
    store.clear();
    expect(listener).toHaveBeenCalledTimes(2);
    expect(createTokenStore().phase()).toBe('signed-out');
  });

  it('writes nothing to Web Storage', async () => {
    const writes: string[] = [];
    const storage = {
      getItem: () => null,
      setItem: (k: string) => void writes.push(k),
      removeItem: () => undefined,
    } as unknown as Storage;
    vi.stubGlobal('localStorage', storage);
    vi.stubGlobal('sessionStorage', storage);
    const browser = fakeBrowser();
    const { session, tokens } = tab(browser);
    await session.restore();
    await session.fetch(get('/api/v1/me'));
    session.accept(tokenResponse(9));
    expect(tokens.get()).toBe('access-9');
    expect(writes).toEqual([]);
  });

  it('removes the tokens earlier versions stored, and nothing else', () => {
    const data = (entries: Record<string, string>) => {
      const map = new Map(Object.entries(entries));
      return {
        map,
        storage: {
          getItem: (k: string) => map.get(k) ?? null,
          setItem: (k: string, v: string) => void map.set(k, v),
          removeItem: (k: string) => void map.delete(k),
        } as unknown as Storage,
      };
    };
    const local = data({ 'jiyuan.tokens': '{"accessToken":"a","refreshToken":"r"}', 'jiyuan.lang': 'en' });
    const session = data({ 'jiyuan.tokens': '{}' });
    removeLegacyTokens(local.storage, session.storage, null);
    expect([...local.map.keys()]).toEqual(['jiyuan.lang']);
    expect(session.map.size).toBe(0);
    expect(LEGACY_TOKEN_KEYS).toContain('jiyuan.tokens');
  });
});
