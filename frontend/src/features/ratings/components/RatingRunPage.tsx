// 评级运行 /ratings/:id: the progress while the run computes (read again every second); then the
// final grades' counts, their distribution by office (chart), and the results — each customer's
// four indicators (level and points), total, computed and final grade (an override beside the
// computed one), whether it changed, and the explanation of every step in the user's language.
// The business department overrides a result with a reason, submits the run to the VP (with the
// version it read) or cancels it. A what-if run (a policy draft simulated) is never submitted.
import { DownloadOutlined, EditOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Input, Popconfirm, Progress, Row, Select, Space, Spin, Statistic, Tag, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { CUSTOMER_GRADES, ELIGIBILITIES, type RatingResult, type RatingResultsQuery, type RatingRun } from '@/api/types';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { ErrorState } from '@/components/ErrorState';
import { BackLink, RecordTitle } from '@/components/RecordHeader';
import { RecordLoader } from '@/components/RecordLoader';
import { isApiError } from '@/lib/api-error';
import { useUser } from '@/lib/auth';
import { errorMessage } from '@/lib/errors';
import { formatDate, formatDateTime, formatFen } from '@/lib/format';
import { useI18n, type Lang, type TFunction } from '@/lib/i18n';
import { saveFile } from '@/lib/download';
import { useListState } from '@/lib/list-state';
import { exportResults, RESULT_FILTERS, useRatingResults, useRatingRun, useRunAction, useRunByOffice, type ResultFilter, type RunAction } from '../api/ratings';
import { boolFilter, explanationLines, formatBp, gradeShown, INDICATORS, officeSeries, progressPercent, runActions } from '../lib/ratings';
import { OverrideModal } from './OverrideModal';
import { FinalGrade, GradeTag, IndicatorCell, PurposeTag, RunStatusTag } from './RatingTags';

const OfficeGradesChart = lazy(() => import('./OfficeGradesChart'));

export default function RatingRunPage() {
  const { id } = useParams();
  const { t } = useI18n();
  return (
    <RecordLoader id={id} useRecord={useRatingRun} notFound={t('rating.notFound')}>
      {(run) => <RunView run={run} />}
    </RecordLoader>
  );
}

/** A refused action: the status rule, a stale version, or the error's own message. */
function actionError(lang: Lang, t: TFunction, e: unknown): string {
  if (isApiError(e) && e.code === 'conflict.stale_version') return t('rating.changedMeanwhile');
  if (isApiError(e) && e.fieldErrors.some((f) => f.field === 'status')) return t('rating.actionNotAllowed');
  return errorMessage(lang, e);
}

function RunView({ run }: { run: RatingRun }) {
  const { t, lang } = useI18n();
  const me = useUser();
  const { message } = App.useApp();
  const act = useRunAction();
  const [error, setError] = useState<string | null>(null);
  const actions = runActions(run, me.permissions);
  const computing = run.status === 'computing';
  const none = t('common.none');

  const go = (action: RunAction, done: string) => {
    setError(null);
    act.mutate({ run, action }, { onSuccess: () => message.success(done), onError: (e) => setError(actionError(lang, t, e)) });
  };

  return (
    <>
      <BackLink to="/ratings" testId="run-back">
        {t('rating.back')}
      </BackLink>
      <RecordTitle
        title={t('rating.runTitle', { id: run.id, date: run.rating_date })}
        testId="run-title"
        tags={
          <>
            <RunStatusTag status={run.status} />
            <PurposeTag purpose={run.purpose} />
          </>
        }
      >
        <Space wrap>
          {actions.submit ? (
            <Popconfirm
              title={t('rating.submitConfirm')}
              description={t('rating.submitHint')}
              okText={t('rating.submit')}
              cancelText={t('common.cancel')}
              onConfirm={() => go('submit', t('rating.submitted'))}
            >
              <Button type="primary" icon={<SendOutlined />} loading={act.isPending} data-testid="run-submit">
                {t('rating.submit')}
              </Button>
            </Popconfirm>
          ) : null}
          {actions.cancel ? (
            <Popconfirm
              title={t('rating.cancelConfirm')}
              okText={t('rating.cancelRun')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => go('cancel', t('rating.cancelled'))}
            >
              <Button danger icon={<StopOutlined />} loading={act.isPending} data-testid="run-cancel">
                {t('rating.cancelRun')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      </RecordTitle>
      {error ? <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} style={{ marginBottom: 16 }} data-testid="run-error" /> : null}
      {run.purpose === 'what_if' ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('rating.whatIfHint', { number: run.policy_version_number })} data-testid="run-what-if-hint" />
      ) : null}
      {run.status === 'failed' ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('rating.failed')} description={run.error || none} /> : null}
      {computing ? (
        <Card size="small" style={{ marginBottom: 16 }} data-testid="run-computing">
          <Typography.Paragraph>{t('rating.computing', { done: run.done, total: run.total })}</Typography.Paragraph>
          <Progress percent={progressPercent(run)} status="active" data-testid="run-progress" />
        </Card>
      ) : null}

      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 24 }}
        data-testid="run-details"
        items={[
          { key: 'date', label: t('rating.ratingDate'), children: formatDate(run.rating_date) },
          { key: 'window', label: t('rating.window'), children: t('rating.months', { n: run.window_months }) },
          {
            key: 'policy',
            label: t('rating.policyVersion'),
            children: <Link to={`/policies/${run.policy_version_id}`}>{t('rating.policyRef', { number: run.policy_version_number })}</Link>,
          },
          { key: 'customers', label: t('rating.customers'), children: run.chosen ? t('rating.chosenN', { n: run.total }) : run.total },
          { key: 'created', label: t('rating.createdBy'), children: `${run.created_by_name ?? none} · ${formatDateTime(run.created_at)}` },
          { key: 'computed', label: t('rating.computedAt'), children: formatDateTime(run.computed_at) },
          ...(run.submitted_at ? [{ key: 'submitted', label: t('rating.submittedAt'), children: formatDateTime(run.submitted_at) }] : []),
          ...(run.decided_at ? [{ key: 'decided', label: t('rating.decidedBy'), children: `${run.decided_by_name ?? none} · ${formatDateTime(run.decided_at)}` }] : []),
          ...(run.approval_id
            ? [
                {
                  key: 'approval',
                  label: t('rating.approval'),
                  children: (
                    <Link to={`/approvals/${run.approval_id}`} data-testid="run-approval">
                      {t('rating.openApproval')}
                    </Link>
                  ),
                },
              ]
            : []),
          ...(run.note ? [{ key: 'note', label: t('rating.note'), span: 3, children: <span style={{ whiteSpace: 'pre-wrap' }}>{run.note}</span> }] : []),
        ]}
      />

      {!computing && run.status !== 'failed' ? <Computed run={run} canOverride={actions.override} /> : null}
    </>
  );
}

function Computed({ run, canOverride }: { run: RatingRun; canOverride: boolean }) {
  const { t } = useI18n();
  const g = run.grades;
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 24 }} data-testid="run-grades">
        {(
          [
            ['a', t('rating.gradeA'), g?.a],
            ['b', t('rating.gradeB'), g?.b],
            ['c', t('rating.gradeC'), g?.c],
            ['not_rated', t('rating.notRated'), g?.not_rated],
            ['changed', t('rating.changedCount'), run.changed],
            ['overridden', t('rating.overriddenCount'), run.overridden],
          ] as const
        ).map(([key, title, value]) => (
          <Col key={key} xs={12} md={4}>
            <Card size="small">
              <Statistic title={title} value={value ?? 0} data-testid={`run-count-${key}`} />
            </Card>
          </Col>
        ))}
      </Row>
      <ByOffice runId={run.id} />
      <Results run={run} canOverride={canOverride} />
    </>
  );
}

function ByOffice({ runId }: { runId: number }) {
  const { t } = useI18n();
  const rows = useRunByOffice(runId, true);
  const series = useMemo(() => officeSeries(rows.data ?? [], t('rating.noOffice')), [rows.data, t]);
  return (
    <Card size="small" title={t('rating.byOffice')} style={{ marginBottom: 24 }}>
      {rows.isError ? (
        <ErrorState error={rows.error} onRetry={() => void rows.refetch()} />
      ) : rows.isPending ? (
        <Spin />
      ) : series.offices.length === 0 ? (
        <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>
      ) : (
        <Suspense fallback={<Spin />}>
          <OfficeGradesChart series={series} />
        </Suspense>
      )}
    </Card>
  );
}

function Results({ run, canOverride }: { run: RatingRun; canOverride: boolean }) {
  const { t, td, lang } = useI18n();
  const list = useListState(RESULT_FILTERS);
  const f = list.filters;
  const offices = useRunByOffice(run.id, true);
  const query: RatingResultsQuery = {
    page: list.page,
    page_size: list.pageSize,
    q: f.q || undefined,
    changed: boolFilter(f.changed),
    overridden: boolFilter(f.overridden),
    eligibility: (ELIGIBILITIES as readonly string[]).includes(f.eligibility ?? '') ? (f.eligibility as RatingResultsQuery['eligibility']) : undefined,
    grade: (CUSTOMER_GRADES as readonly string[]).includes(f.grade ?? '') ? (f.grade as RatingResultsQuery['grade']) : undefined,
    office_id: f.office_id && Number(f.office_id) > 0 ? Number(f.office_id) : undefined,
  };
  const results = useRatingResults(run.id, query, true);
  const [overriding, setOverriding] = useState<RatingResult | null>(null);
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  // The rating table as on screen (same filters), every page.
  const onExport = async () => {
    setExporting(true);
    try {
      saveFile(await exportResults(run.id, query));
    } catch (e) {
      message.error(errorMessage(lang, e));
    } finally {
      setExporting(false);
    }
  };
  const [search, setSearch] = useState(f.q ?? '');
  const anyFilter = Object.keys(f).length > 0;
  const none = t('common.none');

  const columns: DataColumns<RatingResult> = [
    {
      key: 'customer',
      title: t('rating.customer'),
      fixed: 'left',
      render: (_, r) => (
        <Link to={`/customers/${r.customer_id}`} data-testid="result-customer">
          {r.customer_code} {r.customer_name}
        </Link>
      ),
    },
    { key: 'office', title: t('rating.office'), render: (_, r) => r.office_name ?? none },
    { key: 'eligibility', title: t('rating.eligibility'), render: (_, r) => td(`rating.eligibility.${r.eligibility}`, r.eligibility) },
    ...INDICATORS.map((key) => ({
      key,
      title: t(`rating.indicator.${key}`),
      render: (_: unknown, r: RatingResult) => (r.eligibility === 'rated' ? <IndicatorCell ind={r[key]} /> : none),
    })),
    {
      key: 'total',
      title: t('rating.totalPoints'),
      align: 'right',
      render: (_, r) => (r.eligibility === 'rated' ? <strong data-testid="result-total">{r.total_points}</strong> : none),
    },
    { key: 'proposed', title: t('rating.proposedGrade'), render: (_, r) => <GradeTag grade={r.proposed_grade} /> },
    {
      key: 'final',
      title: t('rating.finalGrade'),
      render: (_, r) => (
        <Space size={4} direction="vertical">
          <FinalGrade shown={gradeShown(r)} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {td(`customers.category.${r.final_category}`, r.final_category)}
            {r.override_category ? ` (${t('rating.overridden')})` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'changed',
      title: t('rating.changed'),
      render: (_, r) =>
        r.changed ? (
          <Tag color="orange" data-testid="result-changed">
            {t('rating.changedFrom', { from: r.previous_grade ?? t('rating.notRated') })}
          </Tag>
        ) : null,
    },
  ];
  if (canOverride) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, r) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setOverriding(r)} data-testid="result-override">
          {t('rating.override')}
        </Button>
      ),
    });
  }

  return (
    <Card size="small" title={t('rating.results')}>
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          allowClear
          placeholder={t('rating.searchCustomer')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => list.setFilters({ q: v.trim() || undefined })}
          style={{ width: 240 }}
          data-testid="results-search"
        />
        <Select<string>
          allowClear
          placeholder={t('rating.allChanges')}
          value={f.changed === 'true' || f.changed === 'false' ? f.changed : undefined}
          onChange={(v) => list.setFilters({ changed: v })}
          style={{ width: 140 }}
          options={[
            { value: 'true', label: t('rating.onlyChanged') },
            { value: 'false', label: t('rating.onlyUnchanged') },
          ]}
          data-testid="results-filter-changed"
        />
        <Select<string>
          allowClear
          placeholder={t('rating.allOverrides')}
          value={f.overridden === 'true' || f.overridden === 'false' ? f.overridden : undefined}
          onChange={(v) => list.setFilters({ overridden: v })}
          style={{ width: 140 }}
          options={[
            { value: 'true', label: t('rating.onlyOverridden') },
            { value: 'false', label: t('rating.onlyComputed') },
          ]}
          data-testid="results-filter-overridden"
        />
        <Select<string>
          allowClear
          placeholder={t('rating.allGrades')}
          value={query.grade}
          onChange={(v) => list.setFilters({ grade: v })}
          style={{ width: 120 }}
          options={CUSTOMER_GRADES.map((g) => ({ value: g, label: g }))}
          data-testid="results-filter-grade"
        />
        <Select<string>
          allowClear
          placeholder={t('rating.allEligibilities')}
          value={query.eligibility}
          onChange={(v) => list.setFilters({ eligibility: v })}
          style={{ width: 150 }}
          options={ELIGIBILITIES.map((e) => ({ value: e, label: td(`rating.eligibility.${e}`, e) }))}
          data-testid="results-filter-eligibility"
        />
        <Select<string>
          allowClear
          placeholder={t('rating.allOffices')}
          value={query.office_id !== undefined ? String(query.office_id) : undefined}
          onChange={(v) => list.setFilters({ office_id: v })}
          style={{ width: 180 }}
          options={(offices.data ?? []).flatMap((o) => (o.office_id ? [{ value: String(o.office_id), label: o.office_name }] : []))}
          data-testid="results-filter-office"
        />
        {anyFilter ? (
          <Button
            onClick={() => {
              setSearch('');
              list.reset();
            }}
          >
            {t('common.reset')}
          </Button>
        ) : null}
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void onExport()} data-testid="results-export">
          {t('customers.export')}
        </Button>
      </Space>
      <DataTable<RatingResult, ResultFilter>
        rowKey="id"
        columns={columns}
        list={list}
        query={results}
        filtered={anyFilter}
        testId="results-table"
        expandable={{
          expandedRowRender: (r) => <ResultDetail result={r} lang={lang} />,
        }}
      />
      {overriding ? <OverrideModal runId={run.id} result={overriding} onClose={() => setOverriding(null)} /> : null}
    </Card>
  );
}

/** A result's inputs, the override and its reason, and the explanation of every step. */
function ResultDetail({ result: r, lang }: { result: RatingResult; lang: Lang }) {
  const { t, td } = useI18n();
  const none = t('common.none');
  return (
    <div data-testid="result-detail">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'contracts', label: t('rating.contractAmount'), children: formatFen(r.contract_amount_fen) },
          { key: 'list', label: t('rating.listAmount'), children: formatFen(r.list_amount_fen) },
          { key: 'premium', label: t('rating.premium'), children: formatBp(r.premium_bp) },
          { key: 'open', label: t('rating.openReceivables'), children: formatFen(r.open_receivables_fen) },
          { key: 'late', label: t('rating.lateReceivables'), children: r.late_receivables },
          {
            key: 'influence',
            label: t('rating.influence'),
            children: r.influence ? `${td(`rating.influence.${r.influence}`, r.influence)} (${formatDate(r.influence_on)})` : none,
          },
          { key: 'first_deal', label: t('rating.firstDealDate'), children: formatDate(r.first_deal_date) },
          { key: 'previous', label: t('rating.previous'), children: `${r.previous_grade ?? t('rating.notRated')} · ${td(`customers.category.${r.previous_category}`, r.previous_category)}` },
          { key: 'suggested', label: t('rating.suggestedCategory'), children: td(`customers.category.${r.suggested_category}`, r.suggested_category) },
          ...(r.override_reason
            ? [
                {
                  key: 'reason',
                  label: t('rating.overrideReason'),
                  span: 3,
                  children: (
                    <span data-testid="result-override-reason">
                      {r.override_reason}
                      {r.override_by_name ? <Typography.Text type="secondary">{` — ${r.override_by_name}`}</Typography.Text> : null}
                    </span>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Typography.Text strong>{t('rating.explanation')}</Typography.Text>
      <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid="result-explanation">
        {explanationLines(r.explanation, lang).map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
    </div>
  );
}
