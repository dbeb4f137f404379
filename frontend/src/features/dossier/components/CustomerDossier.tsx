// 客户档案 on the customer page (/customers/:id, below the registration data): the dossier of
// the customer card (GET /customers/{id}/card) in tabs — the profile sections, key people,
// financial statements with the ratio chart, investigations, information slips, interactions,
// the files (附件) and the active loans (资料借阅). Nothing for a customer outside the scope or seen in the
// limited view (the customer page says so).
import { Badge, Card, Space, Tabs, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { DOSSIER_KINDS, type CustomerCard, type DossierKind } from '@/api/types';
import { ErrorState } from '@/components/ErrorState';
import { isApiError } from '@/lib/api-error';
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
import { ProfileSection } from './ProfileSection';

export default function CustomerDossier() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return <DossierLoader id={id} />;
}

function DossierLoader({ id }: { id: number }) {
  const card = useCustomerCard(id);
  // The customer page shows the loading state and the 404.
  if (card.isPending) return null;
  if (card.isError) {
    if (isApiError(card.error) && (card.error.status === 404 || card.error.status === 403)) return null;
    return <ErrorState error={card.error} onRetry={() => void card.refetch()} />;
  }
  if (card.data.customer.view !== 'full') return null;
  return <DossierTabs card={card.data} />;
}

type TabKey = DossierKind | 'attachments' | 'grants';
const OTHER_TABS: readonly string[] = ['attachments', 'grants'];

function DossierTabs({ card }: { card: CustomerCard }) {
  const { t, td } = useI18n();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const customerId = card.customer.id;
  const canWrite = (kind: DossierKind) =>
    hasPermission(user.permissions, PERMISSIONS.customerMasterWrite) &&
    (!RESTRICTED_KINDS.includes(kind) || hasPermission(user.permissions, PERMISSIONS.restrictedDossierWrite));
  const byKind = (kind: DossierKind) => card.dossier.filter((e) => e.kind === kind);
  const requested = params.get('tab') ?? '';
  const tab = ((DOSSIER_KINDS as readonly string[]).includes(requested) || OTHER_TABS.includes(requested) ? requested : 'characteristics') as TabKey;
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
          ...DOSSIER_KINDS.map((kind) => ({ key: kind, label: tabLabel(kind), children: content(kind) })),
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
                canWrite={hasPermission(user.permissions, PERMISSIONS.customerMasterWrite)}
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
