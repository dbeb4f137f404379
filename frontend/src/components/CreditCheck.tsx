// The credit check stored with a document, as the contract page, the shipping-note page, the
// blocked worklist and the approvals show it: the reasons worded from their codes and figures
// (lib/credit), a red banner when the check failed, a small green mark when it passed.
import { CheckCircleOutlined } from '@ant-design/icons';
import { Alert, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { CheckReason, Contract, ShippingNote } from '@/api/types';
import { reasonText } from '@/lib/credit';
import { formatDateTime, formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';

/** The reasons of a failed check, one line each. */
export function CreditReasons({ reasons, testId = 'credit-reasons', maxWidth }: { reasons: readonly CheckReason[]; testId?: string; maxWidth?: number }) {
  const { t, lang } = useI18n();
  if (reasons.length === 0) return null;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20, maxWidth, whiteSpace: 'normal' }} data-testid={testId}>
      {reasons.map((r, i) => (
        <li key={`${r.code}-${i}`} data-testid="credit-reason">
          {reasonText(r, t, lang)}
        </li>
      ))}
    </ul>
  );
}

/**
 * A contract's credit side: a red banner when the latest check failed (with the special
 * contract's state and its approval), a green mark when it passed; nothing before any check.
 */
export function ContractCreditCheck({ contract }: { contract: Contract }) {
  const { t, lang } = useI18n();
  const check = contract.credit_check ?? null;
  const state = contract.credit_state ?? null;
  if (!check && !state) return null;
  if (check?.passed || (!check && state === 'passed')) {
    return (
      <Tag color="success" icon={<CheckCircleOutlined />} style={{ marginBottom: 16 }} data-testid="contract-credit-passed">
        {check ? t('creditCheck.passedAt', { at: formatDateTime(check.checked_at) }) : t('creditCheck.passed')}
      </Tag>
    );
  }
  const special = state === 'special_pending' || state === 'special_approved' || state === 'special_rejected' ? state : null;
  return (
    <Alert
      type={state === 'special_approved' ? 'warning' : 'error'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="contract-credit-failed"
      title={
        <Space size={12} wrap>
          <Typography.Text strong>{t('creditCheck.failed')}</Typography.Text>
          {special ? (
            <Tag color={special === 'special_pending' ? 'red' : special === 'special_approved' ? 'orange' : 'default'} data-testid="contract-credit-state">
              {t(`creditCheck.special.${special}`)}
            </Tag>
          ) : null}
          {contract.special_approval_id ? (
            <Link to={`/approvals/${contract.special_approval_id}`} data-testid="contract-special-approval">
              {t('creditCheck.openApproval')}
            </Link>
          ) : null}
        </Space>
      }
      description={
        check ? (
          <>
            <CreditReasons reasons={check.reasons} />
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
              {t('creditCheck.figures', {
                exposure: formatFenWan(check.exposure_fen, 2, lang),
                amount: formatFenWan(check.amount_fen, 2, lang),
                limit: formatFenWan(check.limit_fen, 2, lang),
              })}
              {' · '}
              {t('creditCheck.checkedAt', { at: formatDateTime(check.checked_at) })}
            </Typography.Text>
            {special === 'special_pending' && contract.pending_signed_on ? (
              <Typography.Text type="secondary" style={{ display: 'block' }}>
                {t('creditCheck.pendingSignedOn', { date: contract.pending_signed_on })}
              </Typography.Text>
            ) : null}
          </>
        ) : null
      }
    />
  );
}

/** The tag of a note's credit state in lists (blocked, released, rejected); nothing otherwise. */
export function NoteCreditTag({ note }: { note: Pick<ShippingNote, 'credit_state'> }) {
  const { t } = useI18n();
  const state = note.credit_state ?? null;
  if (state === 'blocked')
    return (
      <Tag color="red" data-testid="note-credit-tag">
        {t('creditCheck.blocked')}
      </Tag>
    );
  if (state === 'released')
    return (
      <Tag color="orange" data-testid="note-credit-tag">
        {t('creditCheck.released')}
      </Tag>
    );
  if (state === 'rejected')
    return (
      <Tag color="default" data-testid="note-credit-tag">
        {t('creditCheck.rejected')}
      </Tag>
    );
  return null;
}

/**
 * A shipping note's credit side: the red "blocked" banner with the reasons (when the reader
 * sees them; the warehouse does not), or who released or rejected it and why.
 */
export function NoteCreditCheck({ note, worklistLink }: { note: ShippingNote; worklistLink: boolean }) {
  const { t, lang } = useI18n();
  const state = note.credit_state ?? null;
  const check = note.credit_check ?? null;
  const none = t('common.none');
  if (state === 'blocked') {
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="note-credit-blocked"
        title={
          <Space size={12} wrap>
            <Typography.Text strong>{t('creditCheck.blockedBanner')}</Typography.Text>
            {worklistLink ? (
              <Link to="/credit-blocks" data-testid="note-credit-worklist">
                {t('creditCheck.openWorklist')}
              </Link>
            ) : null}
          </Space>
        }
        description={
          check ? (
            <>
              <CreditReasons reasons={check.reasons} />
              <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
                {t('creditCheck.figures', {
                  exposure: formatFenWan(check.exposure_fen, 2, lang),
                  amount: formatFenWan(check.amount_fen, 2, lang),
                  limit: formatFenWan(check.limit_fen, 2, lang),
                })}
              </Typography.Text>
            </>
          ) : (
            t('creditCheck.blockedNoReasons')
          )
        }
      />
    );
  }
  if (state === 'released' || state === 'rejected') {
    const params = { name: note.released_by_name ?? none, at: formatDateTime(note.released_at), reason: note.release_reason || none };
    return (
      <Alert
        type={state === 'released' ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 16 }}
        data-testid={`note-credit-${state}`}
        title={t(state === 'released' ? 'creditCheck.releasedBy' : 'creditCheck.rejectedBy', params)}
        description={check && check.reasons.length > 0 ? <CreditReasons reasons={check.reasons} /> : undefined}
      />
    );
  }
  return null;
}
