// Query keys shared across features: the notifications inbox (any action that creates or reads
// notifications — a request filed, an approval decided — refreshes the bell in the header) and
// the approvals lists (the borrow request form, a shared component, files approvals too).
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
