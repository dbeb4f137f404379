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

/** Logs `username` in, runs `work` with the session and disposes of it afterwards. */
export async function apiAs<T>(baseURL: string, username: string, password: string, work: (s: Session) => Promise<T>): Promise<T> {
  const s = await apiLogin(baseURL, username, password);
  const result = await work(s);
  await s.ctx.dispose();
  return result;
}

/** A person of a spec's story: the login and the display name. */
export interface Person {
  username: string;
  name: string;
}

/**
 * Users made by the administrator one after the other, all with the first password already
 * changed to `password` (see apiUser).
 */
export async function apiUsers(
  admin: Session,
  baseURL: string,
  password: string,
  users: (Person & { roles: string[]; office_id?: number })[],
): Promise<void> {
  for (const u of users) {
    await apiUser(admin, baseURL, { username: u.username, display_name: u.name, roles: u.roles, office_id: u.office_id, password });
  }
}

/** A sales office made by the administrator; its id. */
export async function apiOffice(admin: Session, office: { code: string; name: string; region: string }): Promise<number> {
  return (await apiPost<{ id: number }>(admin, '/api/v1/offices', office)).id;
}

/** A customer registered by `owner` (a salesman: he owns it); its id. */
export async function apiCustomer(owner: Session, customer: { name: string; phone: string; registration_date: string }): Promise<number> {
  return (await apiPost<{ id: number }>(owner, '/api/v1/customers', customer)).id;
}

export interface Product {
  code: string;
  name: string;
  unit: string;
  list_price_fen: number;
}

/** A product with its list price in force from `effectiveFrom`; its id. */
export async function apiProduct(business: Session, product: Product, effectiveFrom: string): Promise<number> {
  return (await apiPost<{ id: number }>(business, '/api/v1/products', { ...product, effective_from: effectiveFrom })).id;
}

export interface ContractRef {
  id: number;
  number: string;
}

/**
 * A contract of one line (`quantity` × `priceFen`) on 30 days' open-account credit, drafted by
 * the customer's salesman and submitted for review; its id, number and version.
 */
export async function apiSubmittedContract(
  sales: Session,
  contract: { customerId: number; productId: number; quantity: number; priceFen: number },
): Promise<ContractRef & { version: number }> {
  const draft = await apiPost<{ id: number; number: string; version: number }>(sales, '/api/v1/contracts', {
    customer_id: contract.customerId,
    credit_form: 'open_account',
    credit_period_days: 30,
    lines: [{ product_id: contract.productId, quantity: contract.quantity, price_fen: contract.priceFen }],
  });
  const submitted = await apiPost<{ version: number }>(sales, `/api/v1/contracts/${draft.id}/submit`, { version: draft.version }, 200);
  return { id: draft.id, number: draft.number, version: submitted.version };
}

/** The business department approves a submitted contract, signed on `signedOn`: it is signed. */
export async function apiSignContract(business: Session, contract: { id: number; version: number }, signedOn: string): Promise<void> {
  const signed = await apiPost<{ status: string }>(
    business,
    `/api/v1/contracts/${contract.id}/review`,
    { version: contract.version, outcome: 'approved', note: '', signed_on: signedOn },
    200,
  );
  expect(signed.status).toBe('signed');
}

/**
 * A shipping note of all that remains of the contract's first line on `shipDate`, not yet
 * confirmed; its credit check must not have blocked it.
 */
export async function apiShippingNote(warehouse: Session, contractId: number, shipDate: string): Promise<{ id: number; number: string }> {
  const open = await apiGet<{ items: { lines: { contract_line_id: number; remaining: number }[] }[] }>(
    warehouse,
    `/api/v1/shippable-contracts?contract_id=${contractId}`,
  );
  const line = open.items[0]!.lines[0]!;
  const note = await apiPost<{ id: number; number: string; credit_state: string }>(warehouse, '/api/v1/shipping-notes', {
    contract_id: contractId,
    ship_date: shipDate,
    lines: [{ contract_line_id: line.contract_line_id, quantity: line.remaining }],
  });
  expect(note.credit_state).not.toBe('blocked');
  return { id: note.id, number: note.number };
}

/** The warehouse confirms the shipment of a note: its receivable is booked. */
export async function apiConfirmShipment(warehouse: Session, noteId: number): Promise<void> {
  await apiPost(warehouse, `/api/v1/shipping-notes/${noteId}/confirm`, {}, 200);
}
