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
/** A person as pickers show it (GET /users/lookup, open to every signed-in user). */
export type UserRef = ResponseBody<'/api/v1/users/lookup', 'get'>[number];
export type ApiToken = ResponseBody<'/api/v1/api-tokens', 'get'>['items'][number];
export type CreatedApiToken = ResponseBody<'/api/v1/api-tokens', 'post'>;
export type AuditEvent = ResponseBody<'/api/v1/audit-events', 'get'>['items'][number];
export type Customer = ResponseBody<'/api/v1/customers/{id}', 'get'>;
export type CustomerList = ResponseBody<'/api/v1/customers', 'get'>;
export type CustomerChange = ResponseBody<'/api/v1/customers/{id}/changes', 'get'>[number];
export type CustomerStatus = NonNullable<Customer['status']>;
export type CustomerGrade = NonNullable<Customer['grade']>;
export type CustomerCategory = NonNullable<Customer['category']>;
export type Settings = ResponseBody<'/api/v1/settings', 'get'>;

export type CreateOfficeBody = RequestBody<'/api/v1/offices', 'post'>;
export type UpdateOfficeBody = RequestBody<'/api/v1/offices/{id}', 'patch'>;
export type CreateUserBody = RequestBody<'/api/v1/users', 'post'>;
export type UpdateUserBody = RequestBody<'/api/v1/users/{id}', 'patch'>;
export type CreateApiTokenBody = RequestBody<'/api/v1/api-tokens', 'post'>;
export type CustomerFormBody = RequestBody<'/api/v1/customers', 'post'>;
export type TransferCustomerBody = RequestBody<'/api/v1/customers/{id}/transfer', 'post'>;
export type ClassifyCustomerBody = RequestBody<'/api/v1/customers/{id}/classification', 'post'>;
export type CorrectFirstDealBody = RequestBody<'/api/v1/customers/{id}/first-deal-date', 'post'>;
export type ChangeStatusBody = RequestBody<'/api/v1/customers/{id}/status', 'post'>;
export type UpdateSettingsBody = RequestBody<'/api/v1/settings', 'patch'>;
export type UsersQuery = QueryOf<'/api/v1/users', 'get'>;
export type CustomersQuery = QueryOf<'/api/v1/customers', 'get'>;
export type AuditQuery = QueryOf<'/api/v1/audit-events', 'get'>;

// Approvals, notifications, borrowing (资料借阅) and the dossier (docs/architecture.md).
export type Approval = ResponseBody<'/api/v1/approvals/{id}', 'get'>;
export type ApprovalListItem = ResponseBody<'/api/v1/approvals', 'get'>['items'][number];
export type ApprovalEvent = Approval['events'][number];
export type ApprovalStatus = Approval['status'];
export type ApprovalKind = Approval['kind'];
export type ApprovalsQuery = QueryOf<'/api/v1/approvals', 'get'>;
export type ApprovalBox = NonNullable<ApprovalsQuery['box']>;
export type DecisionBody = RequestBody<'/api/v1/approvals/{id}/approve', 'post'>;
export type Notification = ResponseBody<'/api/v1/notifications', 'get'>['items'][number];
export type BorrowRequestBody = RequestBody<'/api/v1/borrow-requests', 'post'>;
export type AccessGrant = ResponseBody<'/api/v1/customers/{id}/grants', 'get'>[number];
export type CustomerCard = ResponseBody<'/api/v1/customers/{id}/card', 'get'>;
export type DossierEntry = CustomerCard['dossier'][number];
/** The card's ledger section (null or absent for roles that do not read receivables). */
export type CardLedger = NonNullable<CustomerCard['ledger']>;
export type CardContract = CardLedger['contracts'][number];
export type CardShipment = CardLedger['shipments'][number];
export type CardReceivable = CardLedger['open_receivables'][number];
export type CardPayment = CardLedger['payments'][number];
export type DossierKind = DossierEntry['kind'];
export type FinancialRatios = NonNullable<DossierEntry['ratios']>;
export type DossierVersion = ResponseBody<'/api/v1/dossier-entries/{id}/history', 'get'>[number];
export type NewDossierEntryBody = RequestBody<'/api/v1/customers/{id}/dossier', 'post'>;
export type UpdateDossierEntryBody = RequestBody<'/api/v1/dossier-entries/{id}', 'patch'>;
/** The outcome of a customer import (dry run or commit): 200 valid, 422 with problems. */
export type ImportReport = Schemas extends { ImportReport: infer R } ? R : never;
export type ImportProblem = ImportReport['errors'][number];
export type ImportSheet = NonNullable<ImportProblem['sheet']>;
/** A file of a customer's dossier (licence scans, photos, contracts). */
export type Attachment = ResponseBody<'/api/v1/customers/{id}/attachments', 'get'>[number];
export type AttachmentUploadQuery = QueryOf<'/api/v1/customers/{id}/attachments', 'post'>;

// New-customer development plans (新客户开发计划, docs/architecture.md).
export type DevelopmentPlan = ResponseBody<'/api/v1/development-plans/{id}', 'get'>;
export type DevelopmentPlanList = ResponseBody<'/api/v1/development-plans', 'get'>;
export type Prospect = DevelopmentPlan['items'][number];
export type NewPlanBody = RequestBody<'/api/v1/development-plans', 'post'>;
export type UpdatePlanBody = RequestBody<'/api/v1/development-plans/{id}', 'patch'>;
export type PlanCommentBody = RequestBody<'/api/v1/development-plans/{id}/comment', 'post'>;
export type DevelopmentPlansQuery = QueryOf<'/api/v1/development-plans', 'get'>;

// Policy versions (管理办法参数, docs/policy-parameters.md).
export type PolicyVersion = ResponseBody<'/api/v1/policies/{id}', 'get'>;
export type PolicyVersionList = ResponseBody<'/api/v1/policies', 'get'>;
export type PolicyStatus = PolicyVersion['status'];
export type PolicyDocument = NonNullable<PolicyVersion['document']>;
export type PolicyChange = NonNullable<PolicyVersion['changes']>[number];
export type PolicyProblem = NonNullable<PolicyVersion['problems']>[number];
export type PoliciesQuery = QueryOf<'/api/v1/policies', 'get'>;
export type NewPolicyBody = RequestBody<'/api/v1/policies', 'post'>;
export type UpdatePolicyBody = RequestBody<'/api/v1/policies/{id}', 'patch'>;
export type PriceLevel = PolicyDocument['treatment'][number]['price_level'];
export type PolicyTier = PolicyDocument['treatment'][number];
export type CreditGrade = PolicyDocument['credit']['grades'][number]['grade'];
export type FollowUpAction = PolicyDocument['credit']['follow_up'][number]['action'];
/** 升降级评审规则 (`credit.review`): what the credit review proposes. */
export type ReviewRules = NonNullable<PolicyDocument['credit']['review']>;

// The working-day calendar (holidays and make-up working days, 调休).
export type CalendarYear = ResponseBody<'/api/v1/calendar/{year}', 'get'>;
export type CalendarDay = CalendarYear['days'][number];
export type DayKind = CalendarDay['kind'];
export type CalendarYearBody = RequestBody<'/api/v1/calendar/{year}', 'put'>;
export type WorkingDays = ResponseBody<'/api/v1/calendar/working-days', 'get'>;

// Sales ledger (销售台账, docs/architecture.md): products with dated list prices, contracts and their
// review, shipping notes, receivables, payments and their allocation, credit notes, AR aging.
export type Product = ResponseBody<'/api/v1/products', 'get'>['items'][number];
export type ProductList = ResponseBody<'/api/v1/products', 'get'>;
export type ProductPrice = ResponseBody<'/api/v1/products/{id}/prices', 'get'>[number];
export type ProductsQuery = QueryOf<'/api/v1/products', 'get'>;
export type NewProductBody = RequestBody<'/api/v1/products', 'post'>;
export type UpdateProductBody = RequestBody<'/api/v1/products/{id}', 'patch'>;
export type NewPriceBody = RequestBody<'/api/v1/products/{id}/prices', 'post'>;
export type Contract = ResponseBody<'/api/v1/contracts/{id}', 'get'>;
export type ContractList = ResponseBody<'/api/v1/contracts', 'get'>;
export type ContractLine = NonNullable<Contract['lines']>[number];
export type ContractStatus = Contract['status'];
export type CreditForm = Contract['credit_form'];
export type ContractsQuery = QueryOf<'/api/v1/contracts', 'get'>;
export type NewContractBody = RequestBody<'/api/v1/contracts', 'post'>;
export type UpdateContractBody = RequestBody<'/api/v1/contracts/{id}', 'patch'>;
export type ContractLineInput = NewContractBody['lines'][number];
export type ContractReviewBody = RequestBody<'/api/v1/contracts/{id}/review', 'post'>;
export type ContractActionBody = RequestBody<'/api/v1/contracts/{id}/submit', 'post'>;
export type ShippingNote = ResponseBody<'/api/v1/shipping-notes/{id}', 'get'>;
export type ShippingNoteList = ResponseBody<'/api/v1/shipping-notes', 'get'>;
export type ShippingNoteLine = NonNullable<ShippingNote['lines']>[number];
export type NoteStatus = ShippingNote['status'];
export type ShippingNotesQuery = QueryOf<'/api/v1/shipping-notes', 'get'>;
export type NewShippingNoteBody = RequestBody<'/api/v1/shipping-notes', 'post'>;
/** A signed contract with something left to ship, as the warehouse sees it (no prices). */
export type ShippableContract = ResponseBody<'/api/v1/shippable-contracts', 'get'>['items'][number];
export type ShippableLine = ShippableContract['lines'][number];
export type ShippableQuery = QueryOf<'/api/v1/shippable-contracts', 'get'>;
export type Receivable = ResponseBody<'/api/v1/receivables', 'get'>['items'][number];
export type ReceivableList = ResponseBody<'/api/v1/receivables', 'get'>;
export type ReceivablesQuery = QueryOf<'/api/v1/receivables', 'get'>;
export type Payment = ResponseBody<'/api/v1/payments/{id}', 'get'>;
export type PaymentList = ResponseBody<'/api/v1/payments', 'get'>;
export type PaymentAllocation = NonNullable<Payment['allocations']>[number];
export type PaymentMethod = Payment['method'];
export type PaymentsQuery = QueryOf<'/api/v1/payments', 'get'>;
export type NewPaymentBody = RequestBody<'/api/v1/payments', 'post'>;
export type AllocationInput = NonNullable<NewPaymentBody['allocations']>[number];
export type AllocatePaymentBody = RequestBody<'/api/v1/payments/{id}/allocate', 'post'>;
export type ReversePaymentBody = RequestBody<'/api/v1/payments/{id}/reverse', 'post'>;
export type NewCreditNoteBody = RequestBody<'/api/v1/credit-notes', 'post'>;
export type CreditNote = ResponseBody<'/api/v1/credit-notes', 'post'>;
export type AgingReport = ResponseBody<'/api/v1/reports/ar-aging', 'get'>;
export type AgingRow = AgingReport['rows'][number];
export type AgingLine = ResponseBody<'/api/v1/reports/ar-aging/receivables', 'get'>[number];
export type AgingGroup = AgingReport['group_by'];
export type AgingQuery = QueryOf<'/api/v1/reports/ar-aging', 'get'>;
/** 对账单: a customer's statement of account over a period (GET /customers/{id}/statement). */
export type Statement = Schemas['Statement'];
export type StatementLine = Schemas['StatementLine'];
export type StatementLineKind = Schemas['StatementLineKind'];
export type StatementContract = Schemas['StatementContract'];
export type StatementQuery = QueryOf<'/api/v1/customers/{id}/statement', 'get'>;
/** Where a customer's statements are mailed (finance keeps it), and whether the server sends mail. */
export type StatementRecipient = Schemas['StatementRecipient'];
export type StatementRecipientBody = RequestBody<'/api/v1/customers/{id}/statement-recipient', 'put'>;
/** One statement mailed, or waiting to be (on request, or by a monthly run). */
export type StatementMail = Schemas['StatementMail'];
export type StatementMailStatus = Schemas['StatementMailStatus'];
export type StatementMailBody = RequestBody<'/api/v1/customers/{id}/statement/mail', 'post'>;
/** 月度对账单: a month's statements queued for every customer in the monthly run. */
export type StatementRun = ResponseBody<'/api/v1/statement-runs/{id}', 'get'>;
export type StatementRunList = ResponseBody<'/api/v1/statement-runs', 'get'>;
export type StatementRunsQuery = QueryOf<'/api/v1/statement-runs', 'get'>;
export type StatementRunMailsQuery = QueryOf<'/api/v1/statement-runs/{id}/mails', 'get'>;
export type NewStatementRunBody = RequestBody<'/api/v1/statement-runs', 'post'>;
/** 对账单 rules of the policy (`credit.statements`): the monthly run and its working day. */
export type StatementRules = Schemas['StatementRules'];

// Customer rating (客户分类与评分): runs, their results, the customer's rating and influence.
export type RatingRun = ResponseBody<'/api/v1/rating-runs/{id}', 'get'>;
export type RatingRunList = ResponseBody<'/api/v1/rating-runs', 'get'>;
export type RatingRunsQuery = QueryOf<'/api/v1/rating-runs', 'get'>;
export type RunStatus = RatingRun['status'];
export type RunPurpose = RatingRun['purpose'];
export type GradeCounts = NonNullable<RatingRun['grades']>;
export type NewRatingRunBody = RequestBody<'/api/v1/rating-runs', 'post'>;
export type RatingResult = ResponseBody<'/api/v1/rating-runs/{id}/results', 'get'>['items'][number];
export type RatingResultList = ResponseBody<'/api/v1/rating-runs/{id}/results', 'get'>;
export type RatingResultsQuery = QueryOf<'/api/v1/rating-runs/{id}/results', 'get'>;
export type Eligibility = RatingResult['eligibility'];
export type Grade = NonNullable<RatingResult['proposed_grade']>;
export type Indicator = RatingResult['contract_amount'];
export type Explanation = RatingResult['explanation'];
export type OfficeGrades = ResponseBody<'/api/v1/rating-runs/{id}/by-office', 'get'>[number];
export type OverrideBody = RequestBody<'/api/v1/rating-runs/{id}/results/{customer_id}', 'patch'>;
export type CustomerRating = ResponseBody<'/api/v1/customers/{id}/rating', 'get'>;
export type RatingHistoryEntry = CustomerRating['history'][number];
export type RatingTreatment = CustomerRating['treatment'];
export type RatingTier = NonNullable<RatingTreatment['tier']>;
export type Assessment = ResponseBody<'/api/v1/customers/{id}/influence', 'get'>[number];
export type Influence = Assessment['level'];
export type NewAssessmentBody = RequestBody<'/api/v1/customers/{id}/influence', 'post'>;
// 回访: planned visits by tier, their completion and the compliance report.
export type Revisit = ResponseBody<'/api/v1/revisits', 'get'>['items'][number];
export type RevisitList = ResponseBody<'/api/v1/revisits', 'get'>;
export type RevisitsQuery = QueryOf<'/api/v1/revisits', 'get'>;
export type RevisitStatus = Revisit['status'];
export type CompleteRevisitBody = RequestBody<'/api/v1/revisits/{id}/complete', 'post'>;
export type Compliance = ResponseBody<'/api/v1/revisits/compliance', 'get'>;
export type ComplianceRow = Compliance['rows'][number];

export type Problem = Schemas extends { Problem: infer P } ? P : never;
/** `customer.duplicate`: the existing customer, when it is in the user's scope. */
export type DuplicateOf = NonNullable<Problem['duplicate_of']>;

/** Every role, in the order of docs/roles.md. */
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

/** Customer lifecycle statuses, in lifecycle order (docs/architecture.md). */
export const CUSTOMER_STATUSES = ['prospect', 'new', 'active', 'dormant', 'lost', 'blacklisted'] as const satisfies readonly CustomerStatus[];
export const CUSTOMER_GRADES = ['A', 'B', 'C'] as const satisfies readonly CustomerGrade[];
export const CUSTOMER_CATEGORIES = ['big', 'general'] as const satisfies readonly CustomerCategory[];

export const APPROVAL_BOXES = ['inbox', 'mine', 'decided'] as const satisfies readonly ApprovalBox[];
export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const satisfies readonly ApprovalStatus[];
export const APPROVAL_KINDS = ['dossier_borrowing', 'policy_version', 'credit_policy', 'rating_run', 'credit_limit', 'credit_limit_gm', 'special_contract', 'write_off'] as const satisfies readonly ApprovalKind[];
/** Dossier kinds in the order of the customer card's tabs (docs/architecture.md). */
export const DOSSIER_KINDS = [
  'characteristics',
  'business_status',
  'transaction_status',
  'key_person',
  'financial_statement',
  'investigation',
  'information_slip',
  'interaction',
] as const satisfies readonly DossierKind[];

/** Contract statuses in the order of a contract's life (cancelled last). */
export const CONTRACT_STATUSES = ['draft', 'in_review', 'signed', 'completed', 'cancelled'] as const satisfies readonly ContractStatus[];
/** 信用形式 of a contract. */
export const CREDIT_FORMS = ['open_account', 'acceptance_bill', 'letter_of_credit', 'prepayment', 'cash_on_delivery'] as const satisfies readonly CreditForm[];
export const NOTE_STATUSES = ['issued', 'confirmed', 'cancelled'] as const satisfies readonly NoteStatus[];
export const PAYMENT_METHODS = ['bank_transfer', 'acceptance_bill', 'letter_of_credit', 'cash', 'other'] as const satisfies readonly PaymentMethod[];
export const AGING_GROUPS = ['customer', 'office', 'owner', 'grade'] as const satisfies readonly AgingGroup[];
export const STATEMENT_LINE_KINDS = ['shipment', 'payment', 'payment_reversal', 'credit_note', 'write_off'] as const satisfies readonly StatementLineKind[];
/** A statement mail's states, in the order of its life. */
export const STATEMENT_MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const satisfies readonly StatementMailStatus[];

/** Policy version statuses, in the order of a version's life. */
export const POLICY_STATUSES = ['draft', 'submitted', 'awaiting_gm', 'approved', 'rejected', 'withdrawn'] as const satisfies readonly PolicyStatus[];
export const PRICE_LEVELS = ['best', 'preferred', 'discount', 'standard'] as const satisfies readonly PriceLevel[];
export const CREDIT_GRADES = ['AAA', 'AA', 'A', 'B', 'C'] as const satisfies readonly CreditGrade[];
export const FOLLOW_UP_ACTIONS = ['reminder', 'phone', 'letter', 'visit'] as const satisfies readonly FollowUpAction[];
export const DAY_KINDS = ['holiday', 'workday'] as const satisfies readonly DayKind[];

/** Rating runs' statuses, in the order of a run's life. */
export const RUN_STATUSES = ['computing', 'draft', 'submitted', 'approved', 'cancelled', 'failed'] as const satisfies readonly RunStatus[];
export const ELIGIBILITIES = ['rated', 'new_customer', 'not_rated'] as const satisfies readonly Eligibility[];
/** 战略影响, strongest first. */
export const INFLUENCE_LEVELS = ['industry_leader', 'key', 'ordinary', 'sporadic'] as const satisfies readonly Influence[];
export const REVISIT_STATUSES = ['planned', 'done', 'cancelled'] as const satisfies readonly RevisitStatus[];

// Credit control (信用管理): a customer's credit profile, exposure and its documents, limit
// requests, instruments, investigations, events, holds; the blocked shipments' worklist.
export type CreditProfile = ResponseBody<'/api/v1/customers/{id}/credit', 'get'>;
export type Exposure = ResponseBody<'/api/v1/customers/{id}/exposure', 'get'>;
export type ExposureDocument = ResponseBody<'/api/v1/customers/{id}/exposure/documents', 'get'>[number];
export type ExposurePart = QueryOf<'/api/v1/customers/{id}/exposure/documents', 'get'>['part'];
export type CreditHold = CreditProfile['holds'][number];
export type CreditInstrument = CreditProfile['instruments'][number];
export type InstrumentKind = CreditInstrument['kind'];
export type CreditInvestigation = CreditProfile['investigations'][number];
export type InvestigationSource = CreditInvestigation['source'];
export type CreditEvent = CreditProfile['events'][number];
export type CreditEventKind = CreditEvent['kind'];
export type RiskPhase = CreditEvent['phase'];
export type Severity = CreditEvent['severity'];
export type LimitRequest = CreditProfile['requests'][number];
export type LimitRequestStatus = LimitRequest['status'];
export type StandardItem = CreditProfile['standard']['items'][number];
export type CreditCheck = NonNullable<Contract['credit_check']>;
export type CheckReason = CreditCheck['reasons'][number];
export type ReasonCode = CheckReason['code'];
export type ContractCreditState = NonNullable<Contract['credit_state']>;
export type NoteCreditState = NonNullable<ShippingNote['credit_state']>;
export type NewLimitRequestBody = RequestBody<'/api/v1/customers/{id}/credit/limit-requests', 'post'>;
export type NewInstrumentBody = RequestBody<'/api/v1/customers/{id}/credit/instruments', 'post'>;
export type NewInvestigationBody = RequestBody<'/api/v1/customers/{id}/credit/investigations', 'post'>;
export type NewCreditEventBody = RequestBody<'/api/v1/customers/{id}/credit/events', 'post'>;
export type CreditReasonBody = RequestBody<'/api/v1/customers/{id}/credit/hold', 'post'>;
export type BlockedNote = ResponseBody<'/api/v1/credit-blocks', 'get'>['items'][number];
export type BlockedNoteList = ResponseBody<'/api/v1/credit-blocks', 'get'>;
export type CreditBlocksQuery = QueryOf<'/api/v1/credit-blocks', 'get'>;
export type PaymentPerformance = BlockedNote['payment'];

export const EXPOSURE_PARTS = ['open_receivables', 'shipped_not_invoiced', 'unshipped_contracts'] as const satisfies readonly ExposurePart[];
export const INSTRUMENT_KINDS = ['guarantee', 'credit_insurance', 'factoring', 'mortgage'] as const satisfies readonly InstrumentKind[];
export const INVESTIGATION_SOURCES = ['introduction', 'website', 'direct_contact', 'bank_report', 'lawyer', 'other'] as const satisfies readonly InvestigationSource[];
export const CREDIT_EVENT_KINDS = [
  'refusal_to_pay',
  'likely_refusal_to_pay',
  'legal_trouble',
  'large_order',
  'management_change',
  'other',
] as const satisfies readonly CreditEventKind[];
export const RISK_PHASES = ['pre_transaction', 'in_transaction', 'post_delinquency'] as const satisfies readonly RiskPhase[];
export const SEVERITIES = ['low', 'medium', 'severe'] as const satisfies readonly Severity[];

// 信用培训: credit-risk training sessions and who has not attended within the policy's period.
export type CreditTraining = ResponseBody<'/api/v1/credit-trainings/{id}', 'get'>;
export type CreditTrainingList = ResponseBody<'/api/v1/credit-trainings', 'get'>;
export type CreditTrainingsQuery = QueryOf<'/api/v1/credit-trainings', 'get'>;
export type TrainingAttendee = CreditTraining['attendees'][number];
export type NewCreditTrainingBody = RequestBody<'/api/v1/credit-trainings', 'post'>;
export type TrainingDue = ResponseBody<'/api/v1/credit-trainings/due', 'get'>[number];

// 催收 (DOMAIN §5): follow-up tasks by level for the office in the normal period, payment
// promises, the planning department's collection cases beyond it, and bad-debt write-offs.
export type FollowUpTask = ResponseBody<'/api/v1/collection/tasks', 'get'>['items'][number];
export type FollowUpTaskList = ResponseBody<'/api/v1/collection/tasks', 'get'>;
export type FollowUpTaskDetail = ResponseBody<'/api/v1/collection/tasks/{id}', 'get'>;
export type CollectionItem = FollowUpTaskDetail['items'][number];
export type FollowUpActionEntry = FollowUpTaskDetail['actions'][number];
export type PaymentPromise = FollowUpTaskDetail['promises'][number];
/** 催款函: the template kept by the business department and a customer's letter ready to print. */
export type LetterTemplate = ResponseBody<'/api/v1/collection/letter-template', 'get'>;
export type LetterTemplateUpdateBody = Schemas['LetterTemplateUpdate'];
export type DunningLetter = ResponseBody<'/api/v1/customers/{id}/dunning-letter', 'get'>;
export type DunningItem = DunningLetter['items'][number];
export type PromiseStatus = PaymentPromise['status'];
export type TaskStatus = FollowUpTask['status'];
export type TaskCloseReason = NonNullable<FollowUpTask['close_reason']>;
export type CollectionTasksQuery = QueryOf<'/api/v1/collection/tasks', 'get'>;
export type NewFollowUpActionBody = RequestBody<'/api/v1/collection/tasks/{id}/actions', 'post'>;
export type NewPaymentPromiseBody = RequestBody<'/api/v1/collection/tasks/{id}/promises', 'post'>;
export type CollectionCase = ResponseBody<'/api/v1/collection/cases', 'get'>['items'][number];
export type CollectionCaseList = ResponseBody<'/api/v1/collection/cases', 'get'>;
export type CollectionCaseDetail = ResponseBody<'/api/v1/collection/cases/{id}', 'get'>;
export type CaseAction = CollectionCaseDetail['actions'][number];
export type CaseStatus = CollectionCase['status'];
export type RecoveryMethod = NonNullable<CollectionCase['method']>;
export type CaseOutcome = NonNullable<CollectionCase['outcome']>;
export type CollectionCasesQuery = QueryOf<'/api/v1/collection/cases', 'get'>;
export type CaseUpdateBody = RequestBody<'/api/v1/collection/cases/{id}', 'patch'>;
export type NewCaseActionBody = RequestBody<'/api/v1/collection/cases/{id}/actions', 'post'>;
export type CloseCaseBody = RequestBody<'/api/v1/collection/cases/{id}/close', 'post'>;
export type WriteOff = CollectionCaseDetail['write_offs'][number];
export type WriteOffList = ResponseBody<'/api/v1/collection/write-offs', 'get'>;
export type WriteOffStatus = WriteOff['status'];
export type WriteOffsQuery = QueryOf<'/api/v1/collection/write-offs', 'get'>;
export type NewWriteOffBody = RequestBody<'/api/v1/collection/write-offs', 'post'>;
export type CollectionRun = ResponseBody<'/api/v1/collection/run', 'post'>;
/** The customer card's collection: tasks, cases and promises. */
export type CustomerCollection = ResponseBody<'/api/v1/customers/{id}/collection', 'get'>;

export const TASK_STATUSES = ['open', 'closed'] as const satisfies readonly TaskStatus[];
export const PROMISE_STATUSES = ['open', 'kept', 'broken'] as const satisfies readonly PromiseStatus[];
export const CASE_STATUSES = ['open', 'closed'] as const satisfies readonly CaseStatus[];
export const RECOVERY_METHODS = ['negotiation', 'lawyer_letter', 'litigation', 'settlement', 'instalment_plan', 'other'] as const satisfies readonly RecoveryMethod[];
export const CASE_OUTCOMES = ['recovered_full', 'recovered_part', 'settled', 'written_off'] as const satisfies readonly CaseOutcome[];
export const WRITE_OFF_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const satisfies readonly WriteOffStatus[];

// 信用升降级评审 (credit review campaign): twice a year every customer with credit, its payment
// behaviour over the period, the rules' proposal, the business department's review form
// (客户升(降)级评审表) and the VP's decision, one by one or the whole campaign at once.
export type CreditReview = ResponseBody<'/api/v1/credit/reviews/{id}', 'get'>;
export type CreditReviewStatus = CreditReview['status'];
export type ReviewItem = ResponseBody<'/api/v1/credit/reviews/{id}/items/{item_id}', 'get'>;
export type ReviewItemList = ResponseBody<'/api/v1/credit/reviews/{id}/items', 'get'>;
export type ReviewItemsQuery = QueryOf<'/api/v1/credit/reviews/{id}/items', 'get'>;
export type ReviewItemStatus = ReviewItem['status'];
export type ReviewProposal = ReviewItem['proposal'];
export type ReviewReason = ReviewItem['reasons'][number];
export type NewCreditReviewBody = RequestBody<'/api/v1/credit/reviews', 'post'>;
export type ReviewFormBody = RequestBody<'/api/v1/credit/reviews/{id}/items/{item_id}', 'put'>;
export type ReviewDecisionBody = RequestBody<'/api/v1/credit/reviews/{id}/items/{item_id}/decision', 'post'>;
export type BatchApprovalBody = RequestBody<'/api/v1/credit/reviews/{id}/approve', 'post'>;
export type BatchResult = ResponseBody<'/api/v1/credit/reviews/{id}/approve', 'post'>;

export const REVIEW_ITEM_STATUSES = ['proposed', 'reviewed', 'approved', 'rejected'] as const satisfies readonly ReviewItemStatus[];
export const REVIEW_PROPOSALS = ['upgrade', 'keep', 'downgrade'] as const satisfies readonly ReviewProposal[];
export const REVIEW_REASONS = [
  'good_payment_high_use',
  'late_payment',
  'many_late',
  'broken_promises',
  'severe_event',
  'top_grade',
  'bottom_grade',
] as const satisfies readonly ReviewReason[];
