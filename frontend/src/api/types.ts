// Named aliases for the generated API types (src/api/schema.d.ts, from openapi/openapi.json).
// Nothing here is written by hand: every type is looked up in the generated document.
import type { components, paths } from './schema';

type Schemas = components['schemas'];

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Responses<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R } ? R : never;
/** The JSON body of a 200/201 answer of `M P`. */
export type ResponseBody<P extends keyof paths, M extends keyof paths[P]> =
  | JsonOf<Responses<P, M>[200 & keyof Responses<P, M>]>
  | JsonOf<Responses<P, M>[201 & keyof Responses<P, M>]>;
/** The JSON request body of `M P`. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? JsonOf<NonNullable<B>>
  : never;
/** The query parameters of `M P`. */
export type QueryOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

export type Me = ResponseBody<'/api/v1/me', 'get'>;
export type TokenResponse = ResponseBody<'/api/v1/auth/login', 'post'>;
export type Role = Me['roles'][number];
export type Language = Me['language'];
export type Office = ResponseBody<'/api/v1/offices/{id}', 'get'>;
export type OfficeList = ResponseBody<'/api/v1/offices', 'get'>;
export type User = ResponseBody<'/api/v1/users/{id}', 'get'>;
export type UserList = ResponseBody<'/api/v1/users', 'get'>;
export type UserKind = User['kind'];
export type ApiToken = ResponseBody<'/api/v1/api-tokens', 'get'>['items'][number];
export type CreatedApiToken = ResponseBody<'/api/v1/api-tokens', 'post'>;
export type AuditEvent = ResponseBody<'/api/v1/audit-events', 'get'>['items'][number];

export type CreateOfficeBody = RequestBody<'/api/v1/offices', 'post'>;
export type UpdateOfficeBody = RequestBody<'/api/v1/offices/{id}', 'patch'>;
export type CreateUserBody = RequestBody<'/api/v1/users', 'post'>;
export type UpdateUserBody = RequestBody<'/api/v1/users/{id}', 'patch'>;
export type CreateApiTokenBody = RequestBody<'/api/v1/api-tokens', 'post'>;
export type UsersQuery = QueryOf<'/api/v1/users', 'get'>;
export type AuditQuery = QueryOf<'/api/v1/audit-events', 'get'>;

export type Problem = Schemas extends { Problem: infer P } ? P : never;

/** Every role, in the order of ROLES.md. */
export const ROLES = [
  'salesman',
  'office_director',
  'business_staff',
  'business_manager',
  'vice_president',
  'general_manager',
  'finance',
  'planning',
  'technical',
  'production',
  'warehouse',
  'admin',
] as const satisfies readonly Role[];

export const LANGUAGES = ['zh-CN', 'en'] as const satisfies readonly Language[];
