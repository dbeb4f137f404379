// Setting up data through the API, as an integration script would (faster than the UI for
// what a spec does not test).
import { expect, request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { ADMIN_INITIAL_PASSWORD, ADMIN_PASSWORD, dayFromToday } from './env';

export interface Session {
  ctx: APIRequestContext;
  headers: Record<string, string>;
}

/** Logs in through the API; a first password is changed to `finalPassword` on the way. */
export async function apiLogin(baseURL: string, username: string, password: string, finalPassword?: string): Promise<Session> {
  const ctx = await playwrightRequest.newContext({ baseURL });
  const res = await ctx.post('/api/v1/auth/login', { data: { username, password } });
  expect(res.status(), `login ${username}`).toBe(200);
  let body = (await res.json()) as { access_token: string; user: { must_change_password: boolean } };
  if (body.user.must_change_password && finalPassword) {
    const changed = await ctx.post('/api/v1/me/password', {
      headers: { Authorization: `Bearer ${body.access_token}` },
      data: { current_password: password, new_password: finalPassword },
    });
    expect(changed.status(), `password change of ${username}`).toBe(200);
    body = (await changed.json()) as typeof body;
  }
  return { ctx, headers: { Authorization: `Bearer ${body.access_token}` } };
}

/**
 * The administrator, after the forced first password change. On a server shared by several spec
 * files the first one changed the initial password already: then the changed one is used.
 */
export async function apiAdmin(baseURL: string): Promise<Session> {
  const probe = await playwrightRequest.newContext({ baseURL });
  const first = await probe.post('/api/v1/auth/login', { data: { username: 'admin', password: ADMIN_INITIAL_PASSWORD } });
  await probe.dispose();
  if (first.status() === 401) return apiLogin(baseURL, 'admin', ADMIN_PASSWORD);
  return apiLogin(baseURL, 'admin', ADMIN_INITIAL_PASSWORD, ADMIN_PASSWORD);
}

export async function apiPost<T>(s: Session, path: string, data: unknown, status = 201): Promise<T> {
  const res = await s.ctx.post(path, { headers: s.headers, data });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(status);
  return (await res.json()) as T;
}

export async function apiPatch<T>(s: Session, path: string, data: unknown, status = 200): Promise<T> {
  const res = await s.ctx.patch(path, { headers: s.headers, data });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(status);
  return (await res.json()) as T;
}

export async function apiGet<T>(s: Session, path: string, status = 200): Promise<T> {
  const res = await s.ctx.get(path, { headers: s.headers });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(status);
  return (await res.json()) as T;
}

/** A user made by the administrator whose first password is already changed to `password`. */
export async function apiUser(
  admin: Session,
  baseURL: string,
  user: { username: string; display_name: string; roles: string[]; office_id?: number | null; password: string },
): Promise<number> {
  const initial = `${user.password}-initial`;
  const { id } = await apiPost<{ id: number }>(admin, '/api/v1/users', {
    username: user.username,
    display_name: user.display_name,
    roles: user.roles,
    office_id: user.office_id ?? null,
    password: initial,
  });
  const s = await apiLogin(baseURL, user.username, initial, user.password);
  await s.ctx.dispose();
  return id;
}

/**
 * Gives a customer approved credit the way the measures do, for tests about something else: the
 * business department records a credit investigation and files a limit request, the VP approves
 * it in the approvals inbox. The customer must have been registered for a year or more.
 */
export async function apiGrantCredit(business: Session, vp: Session, customerId: number, limitFen: number): Promise<void> {
  const today = dayFromToday(0);
  await apiPost(business, `/api/v1/customers/${customerId}/credit/investigations`, {
    source: 'bank_report',
    investigated_on: today,
    findings: '银行资信良好',
  });
  await apiPost(business, `/api/v1/customers/${customerId}/credit/limit-requests`, {
    new_grade: 'A',
    new_limit_fen: limitFen,
    credit_period_days: 30,
    reason: '合作多年，回款良好',
  });
  const inbox = await apiGet<{ items: { id: number; kind: string; customer_id: number | null }[] }>(vp, '/api/v1/approvals?box=inbox&kind=credit_limit');
  const mine = inbox.items.find((a) => a.customer_id === customerId);
  if (!mine) throw new Error(`no credit limit request of customer ${customerId} in the VP's inbox`);
  await apiPost(vp, `/api/v1/approvals/${mine.id}/approve`, { comment: '同意' }, 200);
}
