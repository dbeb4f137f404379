// Routes. Every page is its own chunk (React.lazy), loaded when first opened.
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import { PageLoader } from '@/components/PageLoader';
import { NotFoundPage } from '@/components/StatusPages';
import { useSessionEvents, useUser } from '@/lib/auth';
import { useI18n } from '@/lib/i18n';
import { hasPermission, PAGES, PERMISSIONS, type PageKey } from '@/lib/permissions';
import { RequireAuth, RequirePage } from './guards';
import { AppLayout } from './layout/AppLayout';

const LoginPage = lazy(() => import('@/features/auth/components/LoginPage'));
const ForcedPasswordPage = lazy(() => import('@/features/auth/components/ForcedPasswordPage'));
const HomePage = lazy(() => import('@/features/home/components/HomePage'));
const ProfilePage = lazy(() => import('@/features/profile/components/ProfilePage'));
const OfficesPage = lazy(() => import('@/features/offices/components/OfficesPage'));
const UsersPage = lazy(() => import('@/features/users/components/UsersPage'));
const ApiTokensPage = lazy(() => import('@/features/api-tokens/components/ApiTokensPage'));
const AuditLogPage = lazy(() => import('@/features/audit/components/AuditLogPage'));
const CustomersPage = lazy(() => import('@/features/customers/components/CustomersPage'));
const ImportCustomersPage = lazy(() => import('@/features/customers/components/ImportCustomersPage'));
const CustomerDetailPage = lazy(() => import('@/features/customers/components/CustomerDetailPage'));
const DevelopmentPlansPage = lazy(() => import('@/features/development-plans/components/DevelopmentPlansPage'));
const DevelopmentPlanPage = lazy(() => import('@/features/development-plans/components/DevelopmentPlanPage'));
// The sales ledger: products, contracts, shipping notes, receivables and payments, AR aging.
const ProductsPage = lazy(() => import('@/features/products/components/ProductsPage'));
const ContractsPage = lazy(() => import('@/features/contracts/components/ContractsPage'));
const ContractFormPage = lazy(() => import('@/features/contracts/components/ContractFormPage'));
const ContractPage = lazy(() => import('@/features/contracts/components/ContractPage'));
const ShippingNotesPage = lazy(() => import('@/features/shipping/components/ShippingNotesPage'));
const ShippingNoteFormPage = lazy(() => import('@/features/shipping/components/ShippingNoteFormPage'));
const ShippingNotePage = lazy(() => import('@/features/shipping/components/ShippingNotePage'));
const ReceivablesPage = lazy(() => import('@/features/receivables/components/ReceivablesPage'));
const PaymentsPage = lazy(() => import('@/features/receivables/components/PaymentsPage'));
const PaymentFormPage = lazy(() => import('@/features/receivables/components/PaymentFormPage'));
const PaymentPage = lazy(() => import('@/features/receivables/components/PaymentPage'));
const ArAgingPage = lazy(() => import('@/features/receivables/components/ArAgingPage'));
// 对账单: a customer's statement of account, printable, from the customer page.
const StatementPage = lazy(() => import('@/features/receivables/components/StatementPage'));
// 月度对账单: the monthly statement runs (finance).
const StatementRunsPage = lazy(() => import('@/features/receivables/components/StatementRunsPage'));
const SettingsPage = lazy(() => import('@/features/settings/components/SettingsPage'));
const PoliciesPage = lazy(() => import('@/features/policies/components/PoliciesPage'));
const PolicyPage = lazy(() => import('@/features/policies/components/PolicyPage'));
// 客户分类与评分 and 回访.
const RatingRunsPage = lazy(() => import('@/features/ratings/components/RatingRunsPage'));
const RatingRunPage = lazy(() => import('@/features/ratings/components/RatingRunPage'));
// The customer page's rating section (评级), between the registration data and the dossier.
const CustomerRating = lazy(() => import('@/features/ratings/components/CustomerRating'));
const RevisitsPage = lazy(() => import('@/features/revisits/components/RevisitsPage'));
const CalendarPage = lazy(() => import('@/features/calendar/components/CalendarPage'));
const ApprovalsPage = lazy(() => import('@/features/approvals/components/ApprovalsPage'));
const ApprovalDetailPage = lazy(() => import('@/features/approvals/components/ApprovalDetailPage'));
// The dossier tabs of the customer card, shown below the customer page's own content.
const CustomerDossier = lazy(() => import('@/features/dossier/components/CustomerDossier'));
// Credit control: the customer's credit tab (信用, in the dossier's tabs) and its printable card,
// the blocked shipments' worklist.
const CustomerCredit = lazy(() => import('@/features/credit/components/CustomerCredit'));
const CreditTabLabel = lazy(() => import('@/features/credit/components/CreditTabLabel'));
const CustomerCreditHeader = lazy(() => import('@/features/credit/components/CustomerCreditHeader'));
const CreditCardPage = lazy(() => import('@/features/credit/components/CreditCardPage'));
const CreditBlocksPage = lazy(() => import('@/features/credit/components/CreditBlocksPage'));
const CreditTrainingsPage = lazy(() => import('@/features/credit/components/CreditTrainingsPage'));
// 信用升降级评审: the campaigns, a campaign's customers and the printable review form of one.
const CreditReviewsPage = lazy(() => import('@/features/credit/components/CreditReviewsPage'));
const CreditReviewPage = lazy(() => import('@/features/credit/components/CreditReviewPage'));
const ReviewItemPage = lazy(() => import('@/features/credit/components/ReviewItemPage'));
// 催收: follow-up tasks, collection cases, the write-off register and the customer card's tab.
const FollowUpTasksPage = lazy(() => import('@/features/collection/components/FollowUpTasksPage'));
const FollowUpTaskPage = lazy(() => import('@/features/collection/components/FollowUpTaskPage'));
const CollectionCasesPage = lazy(() => import('@/features/collection/components/CollectionCasesPage'));
const CollectionCasePage = lazy(() => import('@/features/collection/components/CollectionCasePage'));
const WriteOffsPage = lazy(() => import('@/features/collection/components/WriteOffsPage'));
const CustomerCollection = lazy(() => import('@/features/collection/components/CustomerCollection'));
// 催款函: a customer's printable dunning letter and the business department's template.
const DunningLetterPage = lazy(() => import('@/features/collection/components/DunningLetterPage'));
const LetterTemplatePage = lazy(() => import('@/features/collection/components/LetterTemplatePage'));

function Root() {
  useSessionEvents();
  return (
    <Suspense fallback={<PageLoader fullScreen />}>
      <Outlet />
    </Suspense>
  );
}

/** The customer page's header, with the credit figures for those who read credit limits. */
function CustomerHeader() {
  const user = useUser();
  const credit = hasPermission(user.permissions, PERMISSIONS.creditLimitsRead);
  return (
    <CustomerDetailPage
      headerExtra={
        credit ? (
          <Suspense fallback={null}>
            <CustomerCreditHeader />
          </Suspense>
        ) : null
      }
    />
  );
}

/**
 * The dossier's tabs with the credit tab for those who read credit limits and the collection tab
 * (催收) for those who read collection tasks.
 */
function CustomerCardTabs() {
  const user = useUser();
  const { t } = useI18n();
  const credit = hasPermission(user.permissions, PERMISSIONS.creditLimitsRead);
  const collection = hasPermission(user.permissions, PERMISSIONS.collectionTasksRead);
  return (
    <CustomerDossier
      extraTabs={[
        ...(credit
          ? [
              {
                key: 'credit',
                label: (
                  <Suspense fallback={<span>…</span>}>
                    <CreditTabLabel />
                  </Suspense>
                ),
                children: (
                  <Suspense fallback={<PageLoader />}>
                    <CustomerCredit />
                  </Suspense>
                ),
              },
            ]
          : []),
        ...(collection
          ? [
              {
                key: 'collection',
                label: <span data-testid="customer-tab-collection">{t('collection.card.tab')}</span>,
                children: (
                  <Suspense fallback={<PageLoader />}>
                    <CustomerCollection />
                  </Suspense>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

const child = (page: PageKey, element: ReactNode) => ({
  path: PAGES[page].path === '/' ? undefined : PAGES[page].path.slice(1),
  index: PAGES[page].path === '/' ? true : undefined,
  element: <RequirePage page={page}>{element}</RequirePage>,
});

export function createRouter() {
  return createBrowserRouter([
    {
      element: <Root />,
      children: [
        { path: 'login', element: <LoginPage /> },
        {
          path: 'change-password',
          element: (
            <RequireAuth allowPasswordChange>
              <ForcedPasswordPage />
            </RequireAuth>
          ),
        },
        {
          // The printable 客户信用管理卡: outside the app's frame, so the card prints alone.
          path: 'customers/:id/credit-card',
          element: (
            <RequireAuth>
              <RequirePage page="customers">
                <CreditCardPage />
              </RequirePage>
            </RequireAuth>
          ),
        },
        {
          path: '/',
          element: (
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          ),
          children: [
            child('home', <HomePage />),
            child('profile', <ProfilePage />),
            child('approvals', <ApprovalsPage />),
            {
              path: 'approvals/:id',
              element: (
                <RequirePage page="approvals">
                  <ApprovalDetailPage />
                </RequirePage>
              ),
            },
            child('customers', <CustomersPage />),
            {
              path: 'customers/import',
              element: (
                <RequirePage page="customers">
                  <ImportCustomersPage />
                </RequirePage>
              ),
            },
            {
              path: 'customers/:id',
              element: (
                <RequirePage page="customers">
                  <CustomerHeader />
                  <CustomerRating />
                  <CustomerCardTabs />
                </RequirePage>
              ),
            },
            {
              // Inside the app's frame: its print styles hide the menu, the header and the buttons.
              path: 'customers/:id/statement',
              element: (
                <RequirePage page="receivables">
                  <StatementPage />
                </RequirePage>
              ),
            },
            child('developmentPlans', <DevelopmentPlansPage />),
            {
              // `new` or an id
              path: 'development-plans/:id',
              element: (
                <RequirePage page="developmentPlans">
                  <DevelopmentPlanPage />
                </RequirePage>
              ),
            },
            child('products', <ProductsPage />),
            child('contracts', <ContractsPage />),
            {
              path: 'contracts/new',
              element: (
                <RequirePage page="contracts">
                  <ContractFormPage />
                </RequirePage>
              ),
            },
            {
              path: 'contracts/:id',
              element: (
                <RequirePage page="contracts">
                  <ContractPage />
                </RequirePage>
              ),
            },
            {
              path: 'contracts/:id/edit',
              element: (
                <RequirePage page="contracts">
                  <ContractFormPage />
                </RequirePage>
              ),
            },
            child('shippingNotes', <ShippingNotesPage />),
            {
              path: 'shipping-notes/new',
              element: (
                <RequirePage page="shippingNotes">
                  <ShippingNoteFormPage />
                </RequirePage>
              ),
            },
            {
              path: 'shipping-notes/:id',
              element: (
                <RequirePage page="shippingNotes">
                  <ShippingNotePage />
                </RequirePage>
              ),
            },
            child('receivables', <ReceivablesPage />),
            child('payments', <PaymentsPage />),
            {
              path: 'payments/new',
              element: (
                <RequirePage page="payments">
                  <PaymentFormPage />
                </RequirePage>
              ),
            },
            {
              path: 'payments/:id',
              element: (
                <RequirePage page="payments">
                  <PaymentPage />
                </RequirePage>
              ),
            },
            child('arAging', <ArAgingPage />),
            child('statementRuns', <StatementRunsPage />),
            child('policies', <PoliciesPage />),
            {
              path: 'policies/:id',
              element: (
                <RequirePage page="policies">
                  <PolicyPage />
                </RequirePage>
              ),
            },
            child('ratingRuns', <RatingRunsPage />),
            {
              path: 'ratings/:id',
              element: (
                <RequirePage page="ratingRuns">
                  <RatingRunPage />
                </RequirePage>
              ),
            },
            child('revisits', <RevisitsPage />),
            child('creditBlocks', <CreditBlocksPage />),
            child('creditTrainings', <CreditTrainingsPage />),
            child('creditReviews', <CreditReviewsPage />),
            {
              path: 'credit/reviews/:id',
              element: (
                <RequirePage page="creditReviews">
                  <CreditReviewPage />
                </RequirePage>
              ),
            },
            {
              // Inside the app's frame: its print styles hide the menu, the header and the buttons.
              path: 'credit/reviews/:id/items/:itemId',
              element: (
                <RequirePage page="creditReviews">
                  <ReviewItemPage />
                </RequirePage>
              ),
            },
            child('collectionTasks', <FollowUpTasksPage />),
            {
              path: 'collection/tasks/:id',
              element: (
                <RequirePage page="collectionTasks">
                  <FollowUpTaskPage />
                </RequirePage>
              ),
            },
            child('letterTemplate', <LetterTemplatePage />),
            {
              // Inside the app's frame: its print styles hide the menu, the header and the buttons.
              path: 'customers/:id/dunning-letter',
              element: (
                <RequirePage page="collectionTasks">
                  <DunningLetterPage />
                </RequirePage>
              ),
            },
            child('collectionCases', <CollectionCasesPage />),
            {
              path: 'collection/cases/:id',
              element: (
                <RequirePage page="collectionCases">
                  <CollectionCasePage />
                </RequirePage>
              ),
            },
            child('writeOffs', <WriteOffsPage />),
            child('offices', <OfficesPage />),
            child('users', <UsersPage />),
            child('apiTokens', <ApiTokensPage />),
            child('audit', <AuditLogPage />),
            child('settings', <SettingsPage />),
            child('calendar', <CalendarPage />),
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
