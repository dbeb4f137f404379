// 工作日历 /system/calendar?year=2025: the year as twelve month grids with its holidays and make-up
// working days (调休) and their names, the number of working days, and "N working days after D".
// The administrator edits the year's exceptions (add, change, remove, then save the year whole —
// problems shown at the listed day) or imports them from a .csv/.xlsx file (problems by file row).
// Everyone may read it (every deadline of the system follows it).
import { DeleteOutlined, EditOutlined, LeftOutlined, PlusOutlined, RightOutlined, SaveOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState, type CSSProperties } from 'react';
import { useSearchParams } from 'react-router';
import { DAY_KINDS, type CalendarDay, type DayKind } from '@/api/types';
import { useCan } from '@/components/Can';
import { ErrorState } from '@/components/ErrorState';
import { FormModal } from '@/components/FormModal';
import { PageHeader } from '@/components/PageHeader';
import { PageLoader } from '@/components/PageLoader';
import { companyToday, DATE_FORMAT } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { PERMISSIONS } from '@/lib/permissions';
import { useCalendarYear, useImportYear, useSaveYear, useWorkingDays } from '../api/calendar';
import {
  calendarProblems,
  dayState,
  exceptionMap,
  exceptionPeriods,
  monthGrid,
  periodsInMonth,
  upsertDay,
  weekdayOf,
  workingDaysInYear,
  type DayState,
  type ExceptionPeriod,
  type RowProblem,
} from '../lib/calendar';

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

function yearFrom(param: string | null): number {
  const y = Number(param);
  return Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR ? y : Number(companyToday().slice(0, 4));
}

export default function CalendarPage() {
  const { t } = useI18n();
  const canEdit = useCan(PERMISSIONS.administrationWrite);
  const [params, setParams] = useSearchParams();
  const year = yearFrom(params.get('year'));
  const thisYear = Number(companyToday().slice(0, 4));
  const goTo = (y: number) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (y === thisYear) next.delete('year');
        else next.set('year', String(y));
        return next;
      },
      { replace: false },
    );

  return (
    <>
      <PageHeader title={t('calendar.title')} intro={t('calendar.intro')} />
      <Flex align="center" gap={8} style={{ marginBottom: 16 }} wrap>
        <Button icon={<LeftOutlined />} disabled={year <= MIN_YEAR} onClick={() => goTo(year - 1)} data-testid="calendar-prev">
          {t('calendar.prevYear')}
        </Button>
        <Typography.Title level={4} style={{ margin: '0 8px' }} data-testid="calendar-year">
          {t('calendar.yearTitle', { year })}
        </Typography.Title>
        <Button disabled={year >= MAX_YEAR} onClick={() => goTo(year + 1)} data-testid="calendar-next">
          {t('calendar.nextYear')} <RightOutlined />
        </Button>
        {year !== thisYear ? <Button onClick={() => goTo(thisYear)}>{t('calendar.thisYear')}</Button> : null}
        {!canEdit ? <Typography.Text type="secondary">{t('calendar.readOnly')}</Typography.Text> : null}
      </Flex>
      <YearLoader key={year} year={year} canEdit={canEdit} />
      <WorkingDaysCalculator />
    </>
  );
}

function YearLoader({ year, canEdit }: { year: number; canEdit: boolean }) {
  const cal = useCalendarYear(year);
  if (cal.isPending) return <PageLoader />;
  if (cal.isError) return <ErrorState error={cal.error} onRetry={() => void cal.refetch()} />;
  return <YearSection year={year} saved={cal.data.days} savedWorkingDays={cal.data.working_days} canEdit={canEdit} />;
}

interface DayValues {
  date: string | null;
  kind: DayKind;
  name?: string;
}

function YearSection({
  year,
  saved,
  savedWorkingDays,
  canEdit,
}: {
  year: number;
  saved: CalendarDay[];
  savedWorkingDays: number;
  canEdit: boolean;
}) {
  const { t, td, lang } = useI18n();
  const { message } = App.useApp();
  const save = useSaveYear();
  const importFile = useImportYear();
  // The exceptions being edited; null while they are the saved ones.
  const [draft, setDraft] = useState<CalendarDay[] | null>(null);
  const days = draft ?? saved;
  const [saveProblems, setSaveProblems] = useState<{ rows: RowProblem[]; general: string | null } | null>(null);
  const [importProblems, setImportProblems] = useState<{ name: string; rows: RowProblem[]; general: string | null } | null>(null);
  const [editing, setEditing] = useState<CalendarDay | 'new' | null>(null);
  const [form] = Form.useForm<DayValues>();

  const change = (next: CalendarDay[]) => {
    setDraft(next);
    setSaveProblems(null);
  };

  const onSave = async () => {
    setSaveProblems(null);
    try {
      await save.mutateAsync({ year, days });
      setDraft(null);
      message.success(t('calendar.saved', { year }));
    } catch (e) {
      setSaveProblems(calendarProblems(t, lang, e, { year, days }));
    }
  };

  const onImport = async (file: File) => {
    setImportProblems(null);
    try {
      const result = await importFile.mutateAsync({ year, file });
      setDraft(null);
      setSaveProblems(null);
      message.success(t('calendar.imported', { name: file.name, year, count: result.days.length }));
    } catch (e) {
      setImportProblems({ name: file.name, ...calendarProblems(t, lang, e, { year }) });
    }
  };

  const onSubmitDay = async (v: DayValues) => {
    const day: CalendarDay = { date: v.date ?? '', kind: v.kind, name: (v.name ?? '').trim() };
    change(upsertDay(days, day, editing && editing !== 'new' ? editing.date : undefined));
    setEditing(null);
  };

  const rowProblems = useMemo(() => {
    const m = new Map<number, string[]>();
    for (const p of saveProblems?.rows ?? []) m.set(p.row, [...(m.get(p.row) ?? []), p.message]);
    return m;
  }, [saveProblems]);

  return (
    <>
      {/* The server's count for the saved year; the list being edited is counted here. */}
      <YearSummary year={year} days={days} workingDays={draft ? workingDaysInYear(year, days) : savedWorkingDays} />
      <YearGrid year={year} days={days} />

      {canEdit ? (
        <Row gutter={16}>
          <Col xs={24} xl={14}>
            <Card
              size="small"
              title={t('calendar.exceptions')}
              style={{ marginBottom: 16 }}
              data-testid="calendar-exceptions"
              extra={
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => {
                    setEditing('new');
                  }}
                  data-testid="calendar-add"
                >
                  {t('calendar.add')}
                </Button>
              }
            >
              {draft ? <Alert type="warning" showIcon title={t('calendar.unsaved')} style={{ marginBottom: 12 }} data-testid="calendar-unsaved" /> : null}
              {saveProblems && (saveProblems.rows.length > 0 || saveProblems.general) ? (
                <Alert
                  type="error"
                  showIcon
                  style={{ marginBottom: 12 }}
                  data-testid="calendar-save-error"
                  title={saveProblems.general ?? t('calendar.saveRefused', { count: saveProblems.rows.length })}
                  description={
                    saveProblems.rows.length > 0 ? (
                      <ul style={{ paddingInlineStart: 20, margin: 0 }}>
                        {saveProblems.rows.map((p) => (
                          <li key={`${p.row}-${p.column}`}>
                            {t('calendar.rowProblem', { n: p.row + 1, date: days[p.row]?.date ?? '', message: p.message })}
                          </li>
                        ))}
                      </ul>
                    ) : undefined
                  }
                />
              ) : null}
              <Table<CalendarDay>
                rowKey="date"
                size="small"
                pagination={false}
                dataSource={days}
                locale={{ emptyText: t('calendar.noExceptions', { year }) }}
                data-testid="calendar-exception-table"
                rowClassName={(_, i) => (rowProblems.has(i) ? 'ant-table-row-error' : '')}
                columns={[
                  { key: 'date', title: t('calendar.date'), dataIndex: 'date' },
                  { key: 'weekday', title: t('calendar.weekdayCol'), render: (_, d) => td(`calendar.weekdayName.${weekdayOf(d.date)}`) },
                  { key: 'kind', title: t('calendar.kind'), render: (_, d) => <KindTag kind={d.kind} /> },
                  {
                    key: 'name',
                    title: t('calendar.name'),
                    render: (_, d, i) => (
                      <>
                        <span>{d.name || t('common.none')}</span>
                        {(rowProblems.get(i) ?? []).map((m) => (
                          <div key={m}>
                            <Typography.Text type="danger" data-testid="calendar-row-error">
                              {m}
                            </Typography.Text>
                          </div>
                        ))}
                      </>
                    ),
                  },
                  {
                    key: 'actions',
                    title: t('common.actions'),
                    render: (_, d) => (
                      <Space size={4}>
                        <Button size="small" type="text" icon={<EditOutlined />} onClick={() => setEditing(d)} aria-label={`${t('calendar.edit')} ${d.date}`} />
                        <Button
                          size="small"
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          onClick={() => change(days.filter((x) => x.date !== d.date))}
                          aria-label={`${t('calendar.remove')} ${d.date}`}
                          data-testid="calendar-remove"
                        />
                      </Space>
                    ),
                  },
                ]}
              />
              <Flex gap={8} style={{ marginTop: 12 }}>
                <Button type="primary" icon={<SaveOutlined />} disabled={!draft} loading={save.isPending} onClick={() => void onSave()} data-testid="calendar-save">
                  {t('calendar.saveYear', { year })}
                </Button>
                {draft ? (
                  <Popconfirm title={t('calendar.discard')} okText={t('common.ok')} cancelText={t('common.cancel')} onConfirm={() => {
                      setDraft(null);
                      setSaveProblems(null);
                    }}>
                    <Button data-testid="calendar-discard">{t('calendar.discard')}</Button>
                  </Popconfirm>
                ) : null}
              </Flex>
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Card size="small" title={t('calendar.importTitle', { year })} style={{ marginBottom: 16 }} data-testid="calendar-import">
              <Typography.Paragraph type="secondary">{t('calendar.importHelp')}</Typography.Paragraph>
              <Typography.Text type="secondary">{t('calendar.importExample')}</Typography.Text>
              <pre style={{ background: '#fafafa', padding: 8, borderRadius: 4, fontSize: 12 }}>
                {`日期,类型,名称\n${year}-01-01,放假,元旦\n${year}-02-01,上班,春节调休`}
              </pre>
              {draft ? (
                <Typography.Paragraph type="warning" style={{ marginBottom: 8 }}>
                  {t('calendar.importUnsaved')}
                </Typography.Paragraph>
              ) : null}
              <Upload
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                maxCount={1}
                showUploadList={false}
                beforeUpload={(f) => {
                  void onImport(f);
                  return false;
                }}
                disabled={importFile.isPending}
              >
                <Button icon={<UploadOutlined />} loading={importFile.isPending} data-testid="calendar-import-file">
                  {importFile.isPending ? t('calendar.importing') : t('calendar.importChoose')}
                </Button>
              </Upload>
              {importProblems ? (
                <Alert
                  type="error"
                  showIcon
                  style={{ marginTop: 12 }}
                  data-testid="calendar-import-error"
                  title={importProblems.general ?? t('calendar.importRefused', { name: importProblems.name, count: importProblems.rows.length })}
                  description={
                    importProblems.rows.length > 0 ? (
                      <Table<RowProblem>
                        rowKey={(p) => `${p.row}-${p.column}`}
                        size="small"
                        pagination={false}
                        dataSource={importProblems.rows}
                        data-testid="calendar-import-problems"
                        columns={[
                          { key: 'row', title: t('calendar.importRowColumn'), render: (_, p) => t('calendar.importRow', { row: p.row }) },
                          {
                            key: 'column',
                            title: t('calendar.importColumn'),
                            render: (_, p) => td(`calendar.column.${p.column}`, p.column),
                          },
                          { key: 'message', title: t('calendar.importProblem'), dataIndex: 'message' },
                        ]}
                      />
                    ) : undefined
                  }
                />
              ) : null}
            </Card>
          </Col>
        </Row>
      ) : null}

      {editing ? (
        <FormModal<DayValues>
          open
          title={editing === 'new' ? t('calendar.addTitle') : t('calendar.editTitle', { date: editing.date })}
          form={form}
          onCancel={() => setEditing(null)}
          onSubmit={onSubmitDay}
          okText={t('common.ok')}
          testId="calendar-day-form"
          initialValues={editing === 'new' ? { date: null, kind: 'holiday', name: '' } : { date: editing.date, kind: editing.kind, name: editing.name ?? '' }}
        >
          <Form.Item
            name="date"
            label={t('calendar.date')}
            rules={[
              { required: true, message: t('calendar.dateRequired') },
              {
                validator: (_, v: string | null) =>
                  !v || v.startsWith(`${year}-`) ? Promise.resolve() : Promise.reject(new Error(t('calendar.dateOtherYear', { year }))),
              },
            ]}
            getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
            normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
          >
            <DatePicker
              style={{ width: '100%' }}
              defaultPickerValue={dayjs(`${year}-01-01`)}
              disabledDate={(d) => d.year() !== year}
              data-testid="calendar-day-date"
            />
          </Form.Item>
          <Form.Item name="kind" label={t('calendar.kind')} extra={t('calendar.kindHelp')}>
            <Radio.Group options={DAY_KINDS.map((k) => ({ value: k, label: t(`calendar.kind.${k}`) }))} data-testid="calendar-day-kind" />
          </Form.Item>
          <Form.Item name="name" label={`${t('calendar.name')}${t('common.optional')}`}>
            <Input maxLength={50} placeholder={t('calendar.namePlaceholder')} />
          </Form.Item>
        </FormModal>
      ) : null}
    </>
  );
}

function KindTag({ kind }: { kind: DayKind }) {
  const { t } = useI18n();
  return (
    <Tag color={kind === 'holiday' ? 'red' : 'blue'} style={{ marginInlineEnd: 0 }}>
      {t(`calendar.kind.${kind}`)}
    </Tag>
  );
}

function YearSummary({ year, days, workingDays: working }: { year: number; days: readonly CalendarDay[]; workingDays: number }) {
  const { t } = useI18n();
  const holidays = days.filter((d) => d.kind === 'holiday').length;
  const makeups = days.filter((d) => d.kind === 'workday').length;
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="calendar-summary">
      <Flex gap={48} wrap align="center">
        <Statistic title={t('calendar.workingDays')} value={working} suffix={t('calendar.daysUnit')} data-testid="calendar-working-days" />
        <Statistic title={t('calendar.holidays')} value={holidays} suffix={t('calendar.daysUnit')} />
        <Statistic title={t('calendar.makeups')} value={makeups} suffix={t('calendar.daysUnit')} />
        <Legend />
      </Flex>
      {days.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('calendar.noExceptions', { year })}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

const STATE_STYLES: Record<DayState, CSSProperties> = {
  working: {},
  weekend: { color: '#999', background: '#fafafa' },
  holiday: { color: '#cf1322', background: '#fff1f0', fontWeight: 600 },
  makeup: { color: '#0958d9', background: '#e6f4ff', fontWeight: 600 },
};

function Legend() {
  const { t } = useI18n();
  const item = (state: DayState, label: string) => (
    <Space size={4} key={state}>
      <span style={{ ...STATE_STYLES[state], display: 'inline-block', width: 18, height: 18, border: '1px solid #eee', borderRadius: 3 }} />
      <span>{label}</span>
    </Space>
  );
  return (
    <Space size={16} wrap>
      {item('working', t('calendar.legend.working'))}
      {item('weekend', t('calendar.legend.weekend'))}
      {item('holiday', t('calendar.legend.holiday'))}
      {item('makeup', t('calendar.legend.makeup'))}
    </Space>
  );
}

function YearGrid({ year, days }: { year: number; days: readonly CalendarDay[] }) {
  const map = useMemo(() => exceptionMap(days), [days]);
  const periods = useMemo(() => exceptionPeriods(days), [days]);
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="calendar-grid">
      {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => (
        <Col key={month} xs={24} sm={12} lg={8} xxl={6}>
          <MonthCard year={year} month={month} map={map} periods={periodsInMonth(periods, year, month)} />
        </Col>
      ))}
    </Row>
  );
}

function MonthCard({
  year,
  month,
  map,
  periods,
}: {
  year: number;
  month: number;
  map: ReadonlyMap<string, CalendarDay>;
  periods: ExceptionPeriod[];
}) {
  const { t, td } = useI18n();
  const weeks = monthGrid(year, month);
  const cell: CSSProperties = { textAlign: 'center', padding: '3px 0', width: '14.28%', borderRadius: 4, position: 'relative' };
  const md = (date: string) => t('calendar.monthDay', { month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) });
  return (
    <Card size="small" title={td(`calendar.month.${month}`)} style={{ height: '100%' }} data-testid={`calendar-month-${month}`}>
      <table style={{ width: '100%', borderCollapse: 'separate', borderSpacing: 2, tableLayout: 'fixed' }}>
        <thead>
          <tr>
            {[0, 1, 2, 3, 4, 5, 6].map((w) => (
              <th key={w} style={{ ...cell, fontWeight: 400, color: w >= 5 ? '#999' : undefined }}>
                {td(`calendar.weekday.${w}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, wi) => (
            <tr key={wi}>
              {week.map((c, ci) =>
                c ? (
                  <DayCellView key={c.date} date={c.date} day={c.day} weekday={c.weekday} map={map} style={cell} />
                ) : (
                  <td key={`e${ci}`} style={cell} />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {periods.length > 0 ? (
        <ul style={{ paddingInlineStart: 16, margin: '8px 0 0', fontSize: 12 }} data-testid="calendar-month-periods">
          {periods.map((p) => {
            const when = p.from === p.to ? md(p.from) : t('calendar.period', { from: md(p.from), to: md(p.to) });
            const kind = t(`calendar.kind.${p.kind}`);
            return (
              <li key={`${p.from}-${p.kind}`} style={{ color: p.kind === 'holiday' ? '#cf1322' : '#0958d9' }}>
                {p.name ? t('calendar.periodLine', { when, name: p.name, kind }) : t('calendar.periodLineUnnamed', { when, kind })}
              </li>
            );
          })}
        </ul>
      ) : null}
    </Card>
  );
}

function DayCellView({
  date,
  day,
  weekday,
  map,
  style,
}: {
  date: string;
  day: number;
  weekday: number;
  map: ReadonlyMap<string, CalendarDay>;
  style: CSSProperties;
}) {
  const { t, td } = useI18n();
  const state = dayState(date, map);
  const exception = map.get(date);
  const title = t('calendar.dayTitle', { date, weekday: td(`calendar.weekdayName.${weekday}`) });
  const content = (
    <td style={{ ...style, ...STATE_STYLES[state] }} data-testid={`calendar-day-${date}`} data-state={state}>
      {day}
      {state === 'holiday' || state === 'makeup' ? (
        <sup style={{ fontSize: 9, marginInlineStart: 1 }}>{state === 'holiday' ? t('calendar.holidayMark') : t('calendar.makeupMark')}</sup>
      ) : null}
    </td>
  );
  return exception ? (
    <Tooltip title={`${title} ${exception.name ?? ''} ${t(`calendar.kind.${exception.kind}`)}`}>{content}</Tooltip>
  ) : (
    content
  );
}

function WorkingDaysCalculator() {
  const { t, td } = useI18n();
  const [from, setFrom] = useState<string>(companyToday());
  const [add, setAdd] = useState<number>(3);
  const [query, setQuery] = useState<{ from: string; add: number } | null>(null);
  const result = useWorkingDays(query);
  const r = result.data;
  const weekday = (date: string) => td(`calendar.weekdayName.${weekdayOf(date)}`);

  return (
    <Card size="small" title={t('calendar.calc.title')} data-testid="calendar-calc">
      <Typography.Paragraph type="secondary">{t('calendar.calc.intro')}</Typography.Paragraph>
      <Space wrap align="end">
        <div>
          <div style={{ marginBottom: 4 }}>
            <label htmlFor="calc-from">{t('calendar.calc.from')}</label>
          </div>
          <DatePicker
            id="calc-from"
            value={dayjs(from)}
            allowClear={false}
            onChange={(d) => d && setFrom(d.format(DATE_FORMAT))}
            data-testid="calendar-calc-from"
          />
        </div>
        <div>
          <div style={{ marginBottom: 4 }}>
            <label htmlFor="calc-add">{t('calendar.calc.add')}</label>
          </div>
          <InputNumber<number> id="calc-add" min={0} max={1000} precision={0} value={add} onChange={(v) => setAdd(v ?? 0)} data-testid="calendar-calc-add" />
        </div>
        <Button type="primary" onClick={() => setQuery({ from, add })} loading={result.isFetching} data-testid="calendar-calc-submit">
          {t('calendar.calc.submit')}
        </Button>
      </Space>
      {result.isError ? <ErrorState error={result.error} onRetry={() => void result.refetch()} /> : null}
      {r ? (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 16 }}
          data-testid="calendar-calc-result"
          title={
            r.add === 0
              ? t('calendar.calc.resultZero', { from: r.from, date: r.date, weekday: weekday(r.date) })
              : t('calendar.calc.result', { from: r.from, add: r.add, date: r.date, weekday: weekday(r.date) })
          }
          description={
            r.from_name
              ? t('calendar.calc.fromNamed', {
                  from: r.from,
                  name: r.from_name,
                  kind: t(r.from_is_working_day ? 'calendar.kind.workday' : 'calendar.kind.holiday'),
                })
              : t(r.from_is_working_day ? 'calendar.calc.fromWorking' : 'calendar.calc.fromOff', { from: r.from })
          }
        />
      ) : null}
    </Card>
  );
}
