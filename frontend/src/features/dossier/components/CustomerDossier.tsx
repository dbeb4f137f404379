// 客户档案 on the customer page (/customers/:id, below the registration data): the dossier of
// the customer card (GET /customers/{id}/card) in tabs — the profile sections, key people,
// financial statements with the ratio chart, investigations, information slips, interactions,
// the ledger (账务: for roles that read receivables, when the card carries it), the files (附件)
// and the active loans (资料借阅). Nothing for a customer outside the scope or seen in the
// limited view (the customer page says so).
import { Badge, Card, Space, Tabs, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { DOSSIER_KINDS, type CustomerCard, type DossierKind } from '@/api/types';
import { useUser } from '@/lib/auth';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { hasPermission, PERMISSIONS } from '@/lib/permissions';
import { useAttachments, useCustomerCard } from '../api/dossier';
import { isSection, RESTRICTED_KINDS } from '../lib/kinds';
import { Attachments } from './Attachments';
import { EntryTable } from './EntryTable';
import { Financials } from './Financials';
import { Grants } from './Grants';
import { Ledger } from './Ledger';
import { ProfileSection } from './ProfileSection';
import { RecordLoader } from '@/components/RecordLoader';

/**
 * A tab another feature adds to the card (composed by the router: the credit tab), shown after
 * the ledger's place.
 */
export interface ExtraTab {
  key: string;
  label: ReactNode;
  children: ReactNode;
}

export default function CustomerDossier({ extraTabs = [] }: { extraTabs?: readonly ExtraTab[] }) {
  const { id } = useParams();
  // The customer page shows the loading state and the 404.
  return (
    <RecordLoader id={id} useRecord={useCustomerCard} notFound="" embedded>
      {(card) => (card.customer.view === 'full' ? <DossierTabs card={card} extraTabs={extraTabs} /> : null)}
    </RecordLoader>
  );
}

type TabKey = string;
const OTHER_TABS: readonly string[] = ['attachments', 'grants'];
/** The ledger's tab comes after the profile sections (next to 交易状况). */
const LEDGER_AFTER: DossierKind = 'transaction_status';

function DossierTabs({ card, extraTabs }: { card: CustomerCard; extraTabs: readonly ExtraTab[] }) {
  const { t, td } = useI18n();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const customerId = card.customer.id;
  // A borrowed customer (资料借阅) is lent for reading only.
  const mayChange = hasPermission(user.permissions, PERMISSIONS.customerMasterWrite) && !card.customer.borrowed;
  const canWrite = (kind: DossierKind) =>
    mayChange &&
    (!RESTRICTED_KINDS.includes(kind) || hasPermission(user.permissions, PERMISSIONS.restrictedDossierWrite));
  const byKind = (kind: DossierKind) => card.dossier.filter((e) => e.kind === kind);
  const ledger = card.ledger ?? null;
  const requested = params.get('tab') ?? '';
  const known =
    (DOSSIER_KINDS as readonly string[]).includes(requested) ||
    OTHER_TABS.includes(requested) ||
    (requested === 'ledger' && ledger !== null) ||
    extraTabs.some((x) => x.key === requested);
  const tab = (known ? requested : 'characteristics') as TabKey;
  const attachments = useAttachments(customerId);

  const content = (kind: DossierKind): ReactNode => {
    const entries = byKind(kind);
    if (isSection(kind)) return <ProfileSection customerId={customerId} kind={kind} entry={entries[0]} canWrite={canWrite(kind)} />;
    if (kind === 'financial_statement') return <Financials customerId={customerId} entries={entries} canWrite={canWrite(kind)} />;
    return <EntryTable customerId={customerId} kind={kind} entries={entries} canWrite={canWrite(kind)} />;
  };

  const tabLabel = (kind: DossierKind) => {
    const entries = byKind(kind);
    const name = td(`dossier.kind.${kind}`, kind);
    if (isSection(kind)) {
      return (
        <span data-testid={`dossier-tab-${kind}`}>
          {entries[0]?.stale ? <Badge status="warning" style={{ marginInlineEnd: 4 }} /> : null}
          {name}
        </span>
      );
    }
    return (
      <span data-testid={`dossier-tab-${kind}`}>
        {name}
        {entries.length > 0 ? <Typography.Text type="secondary">{` ${entries.length}`}</Typography.Text> : null}
      </span>
    );
  };

  return (
    <Card
      title={t('dossier.title')}
      extra={
        <Space size={8}>
          <Typography.Text type="secondary">
            {t('dossier.updatedAt', { at: formatDateTime(card.customer.dossier_updated_at) })}
          </Typography.Text>
        </Space>
      }
      style={{ marginTop: 24 }}
      data-testid="customer-dossier"
    >
      <Tabs
        activeKey={tab}
        onChange={(key) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams(prev);
              next.set('tab', key);
              return next;
            },
            { replace: true },
          )
        }
        items={[
          ...DOSSIER_KINDS.flatMap((kind) => {
            const item = { key: kind as TabKey, label: tabLabel(kind), children: content(kind) };
            if (kind !== LEDGER_AFTER) return [item];
            const extra = extraTabs.map((x) => ({ key: x.key, label: x.label, children: x.children }));
            if (ledger === null) return [item, ...extra];
            return [
              item,
              {
                key: 'ledger' as TabKey,
                label: (
                  <span data-testid="dossier-tab-ledger">
                    {ledger.overdue_fen > 0 ? (
                      <Tooltip title={t('customerLedger.overdueMark')}>
                        <Badge status="error" style={{ marginInlineEnd: 4 }} />
                      </Tooltip>
                    ) : null}
                    {t('customerLedger.tab')}
                  </span>
                ),
                children: <Ledger customerId={customerId} ledger={ledger} />,
              },
              ...extra,
            ];
          }),
          {
            key: 'attachments',
            label: (
              <span data-testid="dossier-tab-attachments">
                {t('attachments.tab')}
                {attachments.data && attachments.data.length > 0 ? (
                  <Typography.Text type="secondary">{` ${attachments.data.length}`}</Typography.Text>
                ) : null}
              </span>
            ),
            children: (
              <Attachments
                customerId={customerId}
                entries={card.dossier}
                canWrite={mayChange}
              />
            ),
          },
          {
            key: 'grants',
            label: (
              <span data-testid="dossier-tab-grants">
                {t('dossier.grants')}
                {card.grants.length > 0 ? <Typography.Text type="secondary">{` ${card.grants.length}`}</Typography.Text> : null}
              </span>
            ),
            children: <Grants grants={card.grants} />,
          },
        ]}
      />
    </Card>
  );
}
