// 审批 /approvals/:id — what is asked (by kind: borrowing days and reason; for a policy version a
// link to the version with its changes, to be read before deciding), who asked, the due date,
// the decision and the history; approve or reject with a comment when it is mine to
// decide, withdraw it when it is my own pending request. Requester and deciders only (404).
import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, RollbackOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Input, Popconfirm, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Approval, ApprovalEvent } from '@/api/types';
import { CreditReasons } from '@/components/CreditCheck';
import { ErrorState } from '@/components/ErrorState';
import { PageLoader } from '@/components/PageLoader';
import { NotFoundPage } from '@/components/StatusPages';
import { isApiError } from '@/lib/api-error';
import { useUser } from '@/lib/auth';
import { errorMessage } from '@/lib/errors';
import { formatDate, formatDateTime, formatFen, formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useApproval, useDecide, type DecisionAction } from '../api/approvals';
import { approvalTitle, describePayload } from '../lib/approvals';
import { ApprovalStatusTag, DueDate } from './ApprovalTags';

export default function ApprovalDetailPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const { t } = useI18n();
  if (!Number.isSafeInteger(id) || id <= 0) return <NotFoundPage subTitle={t('approvals.notFound')} />;
  return <ApprovalLoader id={id} />;
}

function ApprovalLoader({ id }: { id: number }) {
  const { t } = useI18n();
  const approval = useApproval(id);
  if (approval.isPending) return <PageLoader />;
  if (approval.isError) {
    if (isApiError(approval.error) && approval.error.status === 404) return <NotFoundPage subTitle={t('approvals.notFound')} />;
    return <ErrorState error={approval.error} onRetry={() => void approval.refetch()} />;
  }
  return <ApprovalView approval={approval.data} />;
}

const EVENT_COLORS: Record<string, string> = { requested: 'blue', approved: 'green', rejected: 'red', cancelled: 'gray' };

function ApprovalView({ approval: a }: { approval: Approval }) {
  const { t, td, lang } = useI18n();
  const me = useUser();
  const { message } = App.useApp();
  const decide = useDecide();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const none = t('common.none');
  const { borrowing, policy, ratingRun, creditLimit, specialContract, writeOff } = describePayload(a);
  const wan = (fen: number) => formatFenWan(fen, 2, lang);
  const mine = a.requester_id === me.id;
  const pending = a.status === 'pending';

  const act = (action: DecisionAction) => {
    if (action === 'reject' && !comment.trim()) {
      setCommentError(t('approvals.rejectNeedsComment'));
      return;
    }
    setCommentError(null);
    decide.mutate(
      { id: a.id, action, comment },
      {
        onSuccess: () => {
          message.success(t(`approvals.done.${action}`));
          setComment('');
        },
        onError: (e) => message.error(errorMessage(lang, e)),
      },
    );
  };

  // The customer: named for deciders (with its code); the requester of an approved loan opens it.
  const customer =
    a.customer_id === null || a.customer_id === undefined ? null : a.customer_name ? (
      <Link to={`/customers/${a.customer_id}`} data-testid="approval-customer">
        {a.customer_code ? `${a.customer_code} ` : ''}
        {a.customer_name}
      </Link>
    ) : mine && a.status === 'approved' ? (
      <Link to={`/customers/${a.customer_id}`} data-testid="approval-customer">
        {t('approvals.openCustomer')}
      </Link>
    ) : (
      <Typography.Text type="secondary">{t('approvals.customerHidden')}</Typography.Text>
    );

  return (
    <>
      <Link to="/approvals" style={{ display: 'inline-block', marginBottom: 12 }} data-testid="approval-back">
        <ArrowLeftOutlined /> {t('approvals.back')}
      </Link>
      <Flex justify="space-between" align="flex-start" gap={16} wrap style={{ marginBottom: 16 }}>
        <Space size={8} align="center" wrap>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="approval-title">
            {approvalTitle(td, a)}
          </Typography.Title>
          <ApprovalStatusTag status={a.status} />
        </Space>
        {mine && pending ? (
          <Popconfirm
            title={t('approvals.cancelConfirm')}
            okText={t('approvals.cancel')}
            cancelText={t('common.cancel')}
            onConfirm={() => act('cancel')}
          >
            <Button icon={<RollbackOutlined />} loading={decide.isPending} data-testid="approval-cancel">
              {t('approvals.cancel')}
            </Button>
          </Popconfirm>
        ) : null}
      </Flex>

      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        style={{ marginBottom: 24 }}
        data-testid="approval-details"
        items={[
          { key: 'kind', label: t('approvals.kind'), children: td(`approvals.kind.${a.kind}`, a.kind) },
          { key: 'approver', label: t('approvals.approverRole'), children: td(`role.${a.approver_role}`, a.approver_role) },
          { key: 'requester', label: t('approvals.requester'), children: a.requester_name ?? none },
          { key: 'created', label: t('approvals.createdAt'), children: formatDateTime(a.created_at) },
          // A policy version or a rating run concerns no one customer.
          ...((policy || ratingRun) && !customer ? [] : [{ key: 'customer', label: t('approvals.customer'), children: customer ?? none }]),
          { key: 'due', label: t('approvals.dueAt'), children: <DueDate approval={a} /> },
          ...(borrowing
            ? [
                {
                  key: 'days',
                  label: t('approvals.borrowDays'),
                  children: t('approvals.days', { days: borrowing.days }),
                },
                {
                  key: 'reason',
                  label: t('approvals.borrowReason'),
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{borrowing.reason || none}</span>,
                },
              ]
            : []),
          ...(policy
            ? [
                {
                  key: 'policy',
                  label: t('approvals.policyVersion'),
                  children: (
                    <Link to={`/policies/${policy.policy_version_id}`} data-testid="approval-policy">
                      {t('approvals.openPolicy', { number: policy.number })}
                    </Link>
                  ),
                },
                { key: 'effective', label: t('approvals.policyEffectiveFrom'), children: formatDate(policy.effective_from) },
              ]
            : []),
          ...(ratingRun
            ? [
                {
                  key: 'ratingRun',
                  label: t('approvals.ratingRun'),
                  children: (
                    <Link to={`/ratings/${ratingRun.rating_run_id}`} data-testid="approval-rating-run">
                      {t('approvals.openRatingRun', { id: ratingRun.rating_run_id })}
                    </Link>
                  ),
                },
                { key: 'ratingDate', label: t('rating.ratingDate'), children: formatDate(ratingRun.rating_date) },
                { key: 'ratingCustomers', label: t('rating.customers'), children: ratingRun.customers },
              ]
            : []),
          ...(creditLimit
            ? [
                {
                  key: 'creditGrade',
                  label: t('approvals.credit.grade'),
                  children: (
                    <span data-testid="approval-credit-grade">
                      {t('approvals.credit.change', { from: creditLimit.old_grade ?? t('approvals.noGrade'), to: creditLimit.new_grade })}
                    </span>
                  ),
                },
                {
                  key: 'creditLimit',
                  label: t('approvals.credit.limit'),
                  children: (
                    <span data-testid="approval-credit-limit">
                      {t('approvals.credit.change', { from: wan(creditLimit.old_limit_fen), to: wan(creditLimit.new_limit_fen) })}
                    </span>
                  ),
                },
                { key: 'creditPeriod', label: t('approvals.credit.period'), children: t('credit.days', { n: creditLimit.credit_period_days }) },
                {
                  key: 'creditReason',
                  label: t('approvals.credit.reason'),
                  children: (
                    <span style={{ whiteSpace: 'pre-wrap' }} data-testid="approval-credit-reason">
                      {creditLimit.reason || none}
                    </span>
                  ),
                },
              ]
            : []),
          ...(specialContract
            ? [
                {
                  key: 'specialContract',
                  label: t('approvals.special.contract'),
                  children: (
                    <Link to={`/contracts/${specialContract.contract_id}`} data-testid="approval-special-contract">
                      {specialContract.contract_number}
                    </Link>
                  ),
                },
                { key: 'specialSigned', label: t('approvals.special.signedOn'), children: formatDate(specialContract.signed_on) },
                {
                  key: 'specialAmount',
                  label: t('approvals.special.amount'),
                  children: <span data-testid="approval-special-amount">{wan(specialContract.amount_fen)}</span>,
                },
                {
                  key: 'specialExposure',
                  label: t('approvals.special.exposure'),
                  children: <span data-testid="approval-special-exposure">{wan(specialContract.exposure_fen)}</span>,
                },
                {
                  key: 'specialLimit',
                  label: t('approvals.special.limit'),
                  children: <span data-testid="approval-special-limit">{wan(specialContract.limit_fen)}</span>,
                },
                {
                  key: 'specialReasons',
                  label: t('approvals.special.reasons'),
                  span: 2,
                  children: specialContract.reasons.length > 0 ? <CreditReasons reasons={specialContract.reasons} testId="approval-special-reasons" /> : none,
                },
              ]
            : []),
          ...(writeOff
            ? [
                {
                  key: 'writeOffContract',
                  label: t('approvals.writeOff.contract'),
                  children: <span data-testid="approval-write-off-contract">{writeOff.contract_number}</span>,
                },
                {
                  key: 'writeOffAmount',
                  label: t('approvals.writeOff.amount'),
                  children: <span data-testid="approval-write-off-amount">{formatFen(writeOff.amount_fen)}</span>,
                },
                {
                  key: 'writeOffReason',
                  label: t('approvals.writeOff.reason'),
                  span: 2,
                  children: (
                    <span style={{ whiteSpace: 'pre-wrap' }} data-testid="approval-write-off-reason">
                      {writeOff.reason || none}
                    </span>
                  ),
                },
              ]
            : []),
          ...(a.decided_at
            ? [
                { key: 'decidedBy', label: t('approvals.decidedBy'), children: a.decided_by_name ?? none },
                { key: 'decidedAt', label: t('approvals.decidedAt'), children: formatDateTime(a.decided_at) },
                {
                  key: 'comment',
                  label: t('approvals.comment'),
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{a.decision_comment || none}</span>,
                  span: 2,
                },
              ]
            : []),
        ]}
      />

      {a.can_decide ? (
        <Card size="small" title={t('approvals.decide')} style={{ marginBottom: 24 }} data-testid="approval-decide">
          {policy ? (
            <Typography.Paragraph type="secondary" data-testid="approval-policy-hint">
              {t(a.kind === 'credit_policy' ? 'approvals.creditPolicyReadFirst' : 'approvals.policyReadFirst')}
            </Typography.Paragraph>
          ) : null}
          {creditLimit ? (
            <Typography.Paragraph type="secondary" data-testid="approval-credit-hint">
              {t('approvals.credit.readFirst')}{' '}
              {a.customer_id ? <Link to={`/customers/${a.customer_id}?tab=credit`}>{t('approvals.credit.openCustomerCredit')}</Link> : null}
            </Typography.Paragraph>
          ) : null}
          {specialContract ? (
            <Typography.Paragraph type="secondary" data-testid="approval-special-hint">
              {t('approvals.special.readFirst')}
            </Typography.Paragraph>
          ) : null}
          {writeOff ? (
            <Typography.Paragraph type="secondary" data-testid="approval-write-off-hint">
              {t('approvals.writeOff.readFirst')}{' '}
              <Link to={`/customers/${writeOff.customer_id}?tab=collection`}>{t('approvals.writeOff.openCustomer')}</Link>
            </Typography.Paragraph>
          ) : null}
          {ratingRun ? (
            <Typography.Paragraph type="secondary" data-testid="approval-rating-hint">
              {t('approvals.ratingRunReadFirst')}
            </Typography.Paragraph>
          ) : null}
          <Input.TextArea
            value={comment}
            onChange={(e) => {
              setComment(e.target.value);
              if (commentError) setCommentError(null);
            }}
            status={commentError ? 'error' : undefined}
            placeholder={t('approvals.commentPlaceholder')}
            aria-label={t('approvals.comment')}
            maxLength={500}
            autoSize={{ minRows: 2, maxRows: 5 }}
          />
          {commentError ? <Typography.Text type="danger">{commentError}</Typography.Text> : null}
          <Flex gap={8} style={{ marginTop: 12 }}>
            <Button type="primary" icon={<CheckOutlined />} loading={decide.isPending} onClick={() => act('approve')} data-testid="approval-approve">
              {t('approvals.approve')}
            </Button>
            <Button danger icon={<CloseOutlined />} loading={decide.isPending} onClick={() => act('reject')} data-testid="approval-reject">
              {t('approvals.reject')}
            </Button>
          </Flex>
        </Card>
      ) : null}

      <Card size="small" title={t('approvals.history')}>
        <Timeline
          data-testid="approval-history"
          items={a.events.map((e: ApprovalEvent, i) => ({
            key: i,
            color: EVENT_COLORS[e.action] ?? 'gray',
            content: (
              <div>
                <Space size={8} wrap>
                  <Typography.Text strong>{td(`approvals.event.${e.action}`, e.action)}</Typography.Text>
                  <span>{e.actor_name ?? none}</span>
                  <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
                </Space>
                {e.comment ? <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{e.comment}</div> : null}
              </div>
            ),
          }))}
        />
      </Card>
    </>
  );
}
