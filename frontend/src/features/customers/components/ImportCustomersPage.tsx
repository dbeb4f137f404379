// 导入客户 /customers/import: a wizard in three steps — download the template, upload the
// filled-in file to have it checked (nothing is written; every problem is listed by sheet, Excel
// row and column, in the user's language), then import it: everything or, if any row is wrong,
// nothing. For users who may register customers; the scope rules of the form apply to each row.
import { DownloadOutlined, InboxOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, List, Result, Space, Steps, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ImportReport } from '@/api/types';
import { useCan } from '@/components/Can';
import { PageHeader } from '@/components/PageHeader';
import { BackLink } from '@/components/RecordHeader';
import { ForbiddenPage } from '@/components/StatusPages';
import { isApiError } from '@/lib/api-error';
import { saveFile } from '@/lib/download';
import { errorMessage } from '@/lib/errors';
import { formatBytes } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { PERMISSIONS } from '@/lib/permissions';
import { downloadImportTemplate, useImportCustomers } from '../api/customers';
import { importOutcome, problemCounts, problemLines, type ProblemLine } from '../lib/import';

const XLSX_ACCEPT = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export default function ImportCustomersPage() {
  const canWrite = useCan(PERMISSIONS.customerMasterWrite);
  if (!canWrite) return <ForbiddenPage />;
  return <ImportWizard />;
}

function ImportWizard() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const run = useImportCustomers();
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fetchingTemplate, setFetchingTemplate] = useState(false);
  const outcome = report ? importOutcome(report) : null;

  const template = async () => {
    setFetchingTemplate(true);
    try {
      saveFile(await downloadImportTemplate());
    } catch (e) {
      message.error(errorMessage(lang, e));
    } finally {
      setFetchingTemplate(false);
    }
  };

  const send = async (f: File, commit: boolean) => {
    setError(null);
    try {
      const r = await run.mutateAsync({ file: f, commit });
      setReport(r);
      // Written: the result. Refused at commit (someone registered one of them meanwhile): the
      // problems again, on the check step.
      setStep(r.committed ? 2 : 1);
    } catch (e) {
      setReport(null);
      setError(isApiError(e) && e.code === 'request.too_large' ? t('import.tooLarge') : errorMessage(lang, e));
    }
  };

  const choose = (f: File) => {
    setFile(f);
    setReport(null);
    setStep(1);
    void send(f, false);
  };

  const restart = () => {
    setFile(null);
    setReport(null);
    setError(null);
    setStep(1);
  };

  return (
    <>
      <BackLink to="/customers" testId="import-back">
        {t('import.back')}
      </BackLink>
      <PageHeader title={t('import.title')} intro={t('import.intro')} />
      <Steps
        current={step}
        onChange={(s) => {
          // Back to any earlier step; forward only to what is ready.
          if (s <= step || (s === 1 && step === 0)) setStep(s);
        }}
        style={{ marginBottom: 24, maxWidth: 900 }}
        items={[
          { title: t('import.step.template'), description: t('import.step.templateHint') },
          { title: t('import.step.check'), description: t('import.step.checkHint') },
          { title: t('import.step.commit'), description: t('import.step.commitHint') },
        ]}
        data-testid="import-steps"
      />

      {step === 0 ? (
        <Card data-testid="import-step-template">
          <Typography.Paragraph>{t('import.templateIntro')}</Typography.Paragraph>
          <ul style={{ paddingInlineStart: 20, marginBottom: 16 }}>
            <li>{t('import.rule.sheets')}</li>
            <li>{t('import.rule.required')}</li>
            <li>{t('import.rule.scope')}</li>
            <li>{t('import.rule.allOrNothing')}</li>
          </ul>
          <Space>
            <Button icon={<DownloadOutlined />} loading={fetchingTemplate} onClick={() => void template()} data-testid="import-template">
              {t('import.downloadTemplate')}
            </Button>
            <Button type="primary" onClick={() => setStep(1)} data-testid="import-next">
              {t('import.next')}
            </Button>
          </Space>
        </Card>
      ) : null}

      {step === 1 ? (
        <Card data-testid="import-step-check">
          <Upload.Dragger
            accept={XLSX_ACCEPT}
            maxCount={1}
            showUploadList={false}
            beforeUpload={(f) => {
              choose(f);
              return false;
            }}
            disabled={run.isPending}
            data-testid="import-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('import.drop')}</p>
            <p className="ant-upload-hint">{t('import.dropHint')}</p>
          </Upload.Dragger>
          {file ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }} data-testid="import-file-name">
              {t('import.fileChosen', { name: file.name, size: formatBytes(file.size) })}
            </Typography.Paragraph>
          ) : null}
          {run.isPending ? (
            <Alert type="info" showIcon title={t('import.checking')} style={{ marginTop: 16 }} />
          ) : error ? (
            <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="import-error" />
          ) : report && file ? (
            <CheckReport report={report} />
          ) : null}
          {report && outcome === 'valid' && file && !run.isPending ? (
            <Flex gap={8} style={{ marginTop: 16 }}>
              <Button type="primary" icon={<UploadOutlined />} onClick={() => void send(file, true)} data-testid="import-commit">
                {t('import.commit', { count: report.customer_rows })}
              </Button>
            </Flex>
          ) : report && outcome === 'invalid' && !run.isPending ? (
            <Flex gap={8} style={{ marginTop: 16 }}>
              <Button type="primary" disabled data-testid="import-commit">
                {t('import.commit', { count: report.customer_rows })}
              </Button>
              <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>
                {t('import.fixFirst')}
              </Typography.Text>
            </Flex>
          ) : null}
        </Card>
      ) : null}

      {step === 2 && report?.committed ? (
        <Card data-testid="import-step-done">
          <Result
            status="success"
            title={t('import.done', { customers: report.customer_rows, people: report.key_person_rows })}
            subTitle={t('import.doneHint')}
            extra={[
              <Link key="list" to="/customers">
                <Button type="primary">{t('import.toList')}</Button>
              </Link>,
              <Button key="again" icon={<ReloadOutlined />} onClick={restart} data-testid="import-again">
                {t('import.again')}
              </Button>,
            ]}
          />
          <List
            size="small"
            bordered
            header={<Typography.Text strong>{t('import.created', { count: report.created.length })}</Typography.Text>}
            dataSource={report.created}
            pagination={report.created.length > 20 ? { pageSize: 20, size: 'small' } : false}
            data-testid="import-created"
            renderItem={(c) => (
              <List.Item>
                <Link to={`/customers/${c.id}`} data-testid="import-created-link">
                  {c.code} {c.name}
                </Link>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
    </>
  );
}

/** The report of a check: the counts, and every problem by sheet, row and column. */
function CheckReport({ report }: { report: ImportReport }) {
  const { t, td } = useI18n();
  const outcome = importOutcome(report);
  const counts = problemCounts(report.errors);
  const none = t('common.none');
  const span = (l: ProblemLine) => ({ rowSpan: l.rowSpan });

  return (
    <div style={{ marginTop: 16 }} data-testid="import-report">
      {outcome === 'invalid' ? (
        <Alert
          type="error"
          showIcon
          title={t('import.invalid', { count: report.errors.length })}
          description={t('import.invalidHint', { customers: counts.customers, people: counts.key_people })}
          data-testid="import-invalid"
        />
      ) : (
        <Alert type="success" showIcon title={t('import.valid')} data-testid="import-valid" />
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginTop: 16 }}
        data-testid="import-counts"
        items={[
          { key: 'customers', label: t('import.customerRows'), children: report.customer_rows },
          { key: 'people', label: t('import.keyPersonRows'), children: report.key_person_rows },
          { key: 'problems', label: t('import.problemCount'), children: report.errors.length },
        ]}
      />
      {report.errors.length > 0 ? (
        <Table<ProblemLine>
          rowKey="key"
          size="small"
          bordered
          dataSource={problemLines(report.errors)}
          pagination={report.errors.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
          scroll={{ x: 'max-content' }}
          style={{ marginTop: 8 }}
          data-testid="import-problems"
          columns={[
            {
              key: 'sheet',
              title: t('import.sheet'),
              onCell: span,
              render: (_, l) => (l.sheet ? td(`import.sheet.${l.sheet}`, l.sheet) : t('import.wholeFile')),
            },
            { key: 'row', title: t('import.row'), align: 'right', onCell: span, render: (_, l) => l.row ?? none },
            { key: 'column', title: t('import.column'), render: (_, l) => l.column ?? none },
            {
              key: 'message',
              title: t('import.message'),
              render: (_, l) => (
                <span>
                  {l.message}{' '}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    ({l.code})
                  </Typography.Text>
                </span>
              ),
            },
          ]}
        />
      ) : null}
    </div>
  );
}
