// Query keys shared across features: the notifications inbox (any action that creates or reads
// notifications — a request filed, an approval decided — refreshes the bell in the header), the
// approvals lists (the borrow request form, a shared component, files approvals too) and the
// policy versions (a decision in the approvals inbox moves a version on).
export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread-count'] as const,
  latest: ['notifications', 'latest'] as const,
};

export const approvalKeys = {
  all: ['approvals'] as const,
  list: (q: object) => ['approvals', 'list', q] as const,
  one: (id: number) => ['approvals', 'one', id] as const,
  inboxCount: ['approvals', 'inbox-count'] as const,
};

export const policyKeys = {
  all: ['policies'] as const,
  list: (q: object) => ['policies', 'list', q] as const,
  active: ['policies', 'active'] as const,
  one: (id: number) => ['policies', 'one', id] as const,
};
