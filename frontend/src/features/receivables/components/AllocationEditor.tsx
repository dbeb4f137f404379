// The allocation preview of a payment over the customer's open receivables (oldest due first):
// how the amount would be split, or the amounts typed by hand per receivable, with what is left
// of each receivable and of the payment. Used by the payment form and by "allocate the rest".
import { Alert, Button, Input, Radio, Space, Table, Typography } from 'antd';
import type { Receivable } from '@/api/types';
import { formatDate, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { fenToYuanInput, parseYuan } from '@/lib/money';
import { byDueDate, entriesOf, fifoPlan, manualPlan, typedEntries, type AllocationMode, type AllocationPlan } from '../lib/allocation';

export interface AllocationState {
  mode: AllocationMode;
  /** Manual amounts in 元 as typed, by receivable id. */
  typed: Record<number, string>;
}

/** The plan the editor shows, and the receivables whose typed amount is not an amount. */
export function planOf(open: readonly Receivable[], amountFen: number | null, state: AllocationState): { plan: AllocationPlan; invalid: number[] } {
  if (state.mode === 'fifo') return { plan: fifoPlan(open, amountFen), invalid: [] };
  const { entries, invalid } = typedEntries(state.typed, parseYuan);
  return { plan: manualPlan(open, amountFen, entries), invalid };
}

export function AllocationEditor({
  open,
  loading,
  amountFen,
  state,
  onChange,
  serverErrors,
}: {
  open: readonly Receivable[];
  loading: boolean;
  amountFen: number | null;
  state: AllocationState;
  onChange: (s: AllocationState) => void;
  /** Messages from a refused booking, by receivable id. */
  serverErrors?: ReadonlyMap<number, string>;
}) {
  const { t } = useI18n();
  const { plan, invalid } = planOf(open, amountFen, state);
  const byId = new Map(plan.rows.map((r) => [r.id, r]));
  const rows = byDueDate(open);
  const manual = state.mode === 'manual';

  return (
    <div data-testid="allocation-editor">
      <Space style={{ marginBottom: 12 }} wrap>
        <Radio.Group
          value={state.mode}
          onChange={(e) => onChange({ ...state, mode: e.target.value as AllocationMode })}
          optionType="button"
          options={[
            { value: 'fifo', label: t('payments.modeFifo') },
            { value: 'manual', label: t('payments.modeManual') },
          ]}
          data-testid="allocation-mode"
        />
        {manual ? (
          <Button onClick={() => onChange({ mode: 'manual', typed: entriesOf(fifoPlan(open, amountFen), fenToYuanInput) })} data-testid="allocation-fill-fifo">
            {t('payments.fillOldestFirst')}
          </Button>
        ) : null}
      </Space>
      <Typography.Paragraph type="secondary">{manual ? t('payments.manualHelp') : t('payments.fifoHelp')}</Typography.Paragraph>
      <Table<Receivable>
        rowKey="id"
        size="small"
        pagination={false}
        loading={loading}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        data-testid="allocation-table"
        locale={{ emptyText: t('payments.noOpenReceivables') }}
        columns={[
          { key: 'contract', title: t('receivables.contract'), render: (_, r) => r.contract_number },
          { key: 'issued_on', title: t('receivables.issuedOn'), render: (_, r) => formatDate(r.issued_on) },
          { key: 'due_date', title: t('receivables.dueDate'), render: (_, r) => formatDate(r.due_date) },
          {
            key: 'overdue',
            title: t('receivables.daysOverdue'),
            align: 'right',
            render: (_, r) => (r.days_overdue > 0 ? <Typography.Text type="danger">{t('receivables.daysN', { n: r.days_overdue })}</Typography.Text> : t('common.none')),
          },
          { key: 'balance', title: t('receivables.balance'), align: 'right', render: (_, r) => formatFen(r.balance_fen) },
          {
            key: 'allocate',
            title: t('payments.thisPayment'),
            align: 'right',
            width: 200,
            render: (_, r) => {
              const row = byId.get(r.id);
              if (!manual) return <span data-testid="allocation-amount">{formatFen(row?.allocate_fen ?? 0)}</span>;
              const problem = invalid.includes(r.id)
                ? t('ledger.amount.invalid')
                : row?.over_balance
                  ? t('payments.overBalance')
                  : (serverErrors?.get(r.id) ?? null);
              return (
                <div>
                  <Input
                    value={state.typed[r.id] ?? ''}
                    onChange={(e) => onChange({ ...state, typed: { ...state.typed, [r.id]: e.target.value } })}
                    inputMode="decimal"
                    suffix={t('ledger.yuan')}
                    status={problem ? 'error' : undefined}
                    aria-label={t('payments.allocateTo', { contract: r.contract_number, due: r.due_date })}
                    data-testid="allocation-input"
                  />
                  {problem ? (
                    <Typography.Text type="danger" style={{ display: 'block', textAlign: 'left' }}>
                      {problem}
                    </Typography.Text>
                  ) : null}
                </div>
              );
            },
          },
          {
            key: 'after',
            title: t('payments.balanceAfter'),
            align: 'right',
            render: (_, r) => <span data-testid="allocation-after">{formatFen(byId.get(r.id)?.after_fen ?? r.balance_fen)}</span>,
          },
        ]}
      />
      <Space size={24} style={{ marginTop: 12 }} wrap data-testid="allocation-summary">
        <Typography.Text>
          {t('payments.allocatedTotal')}{t('ledger.colon')}<strong data-testid="allocation-total">{formatFen(plan.allocated_fen)}</strong>
        </Typography.Text>
        <Typography.Text>
          {t('payments.unallocatedRest')}{t('ledger.colon')}<strong data-testid="allocation-rest">{formatFen(Math.max(0, plan.unallocated_fen))}</strong>
        </Typography.Text>
      </Space>
      {plan.over_amount ? <Alert type="error" showIcon title={t('payments.overAmount')} style={{ marginTop: 12 }} data-testid="allocation-over" /> : null}
      {!plan.over_amount && plan.unallocated_fen > 0 && amountFen ? (
        <Alert type="info" showIcon title={t('payments.restStays', { amount: formatFen(plan.unallocated_fen) })} style={{ marginTop: 12 }} />
      ) : null}
    </div>
  );
}
