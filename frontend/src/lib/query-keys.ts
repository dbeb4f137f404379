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

// Rating runs and a customer's rating: a decision in the approvals inbox moves a run on (and
// an approved run changes the customers' grades); a policy draft's simulation starts a run.
export const ratingKeys = {
  all: ['ratings'] as const,
  runs: ['ratings', 'runs'] as const,
  runList: (q: object) => ['ratings', 'runs', 'list', q] as const,
  run: (id: number) => ['ratings', 'runs', 'one', id] as const,
  results: (id: number, q: object) => ['ratings', 'runs', 'results', id, q] as const,
  byOffice: (id: number) => ['ratings', 'runs', 'by-office', id] as const,
  customer: (id: number) => ['ratings', 'customer', id] as const,
  influence: (id: number) => ['ratings', 'influence', id] as const,
};

// 回访: an approved rating plans visits anew.
export const revisitKeys = {
  all: ['revisits'] as const,
  list: (q: object) => ['revisits', 'list', q] as const,
  compliance: (q: object) => ['revisits', 'compliance', q] as const,
};

// Credit control: a customer's credit profile and exposure, the blocked shipments. A decision in
// the approvals inbox changes a limit (or signs a special contract); a payment re-checks notes.
export const creditKeys = {
  all: ['credit'] as const,
  profile: (customerId: number) => ['credit', 'profile', customerId] as const,
  documents: (customerId: number, part: string) => ['credit', 'documents', customerId, part] as const,
  blocks: (q: object) => ['credit', 'blocks', q] as const,
};

// A customer's files (附件): the dossier's files tab lists them, and a credit investigation or
// event uploads its files there first. Under the customers' keys, like the rest of the dossier.
export const attachmentKeys = {
  list: (customerId: number) => ['customers', 'attachments', customerId] as const,
};

// 催收: follow-up tasks, collection cases and write-offs. A write-off decided in the approvals inbox
// changes a case and the register; the customer card's collection tab reads them too.
export const collectionKeys = {
  all: ['collection'] as const,
  tasks: (q: object) => ['collection', 'tasks', q] as const,
  task: (id: number) => ['collection', 'task', id] as const,
  cases: (q: object) => ['collection', 'cases', q] as const,
  case: (id: number) => ['collection', 'case', id] as const,
  writeOffs: (q: object) => ['collection', 'write-offs', q] as const,
  customer: (customerId: number) => ['collection', 'customer', customerId] as const,
  letterTemplate: ['collection', 'letter-template'] as const,
  // Under the collection key: the template saved refreshes the letters drawn from it.
  letter: (customerId: number) => ['collection', 'letter', customerId] as const,
};
