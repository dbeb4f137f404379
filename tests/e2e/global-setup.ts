// Starts the real backend binary several times, each on a fresh SQLite database in a temporary folder:
//   E2E_BASE_URL      — normal settings (15-minute access tokens), for the platform flows
//   E2E_SHORT_TTL_URL — 5-second access tokens, for the silent-refresh test
//   E2E_CUSTOMERS_URL — normal settings, for the customer flows (independent of the order of
//                       the spec files: they set up their own users through the API)
//   E2E_DOSSIER_URL   — normal settings, for the dossier, borrowing and approvals flows (likewise)
//   E2E_CUSTOMERBASE_URL — attachments limited to 200 KB, for the development plans, the export,
//                       the dossier's files and the import wizard (likewise)
//   E2E_LEDGER_URL    — normal settings, for the sales ledger: products, contracts and their
//                       review, shipping notes, payments, the AR aging register (likewise)
//   E2E_POLICIES_URL  — normal settings, for the policy versions, the working-day calendar and
//                       users' e-mail addresses (likewise)
//   E2E_RATINGS_URL   — normal settings, for customer rating runs, their approval, the customer's
//                       rating section and revisits (likewise)
//   E2E_CREDIT_URL    — normal settings, for credit control: the customer's credit tab, limit
//                       requests, special contracts and blocked shipments (likewise)
//   E2E_COLLECTION_URL — normal settings, for collection: follow-up tasks, collection cases,
//                       write-offs and the credit training page (likewise)
//   E2E_STATEMENT_URL — mail on (JIYUAN_SMTP_URL), for the statement of account (对账单), mailed
//                       on request and by the monthly run (likewise)
// and stops them when the run ends. The built SPA (frontend/dist) is served by the backend. The
// statement server mails to a fake SMTP server started here (`smtp-server`: no TLS, no login), which
// keeps every message it accepts in a temporary folder, E2E_MAIL_DIR (see tests/mail.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { CHROMIUM } from './playwright.config';
import { ADMIN_INITIAL_PASSWORD, E2E_TODAY } from './tests/env';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

interface Server {
  url: string;
  dir: string;
  child: ChildProcess;
  log: string;
}

async function startServer(bin: string, webDir: string, name: string, extraEnv: Record<string, string>): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), `jiyuan-e2e-${name}-`));
  const port = await freePort();
  const log = join(dir, 'server.log');
  const out = openSync(log, 'a');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: `sqlite://${join(dir, 'e2e.db')}`,
    JIYUAN_DATA_DIR: dir,
    JIYUAN_BIND: `127.0.0.1:${port}`,
    JIYUAN_ADMIN_PASSWORD: ADMIN_INITIAL_PASSWORD,
    JIYUAN_WEB_DIR: webDir,
    JIYUAN_AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    JIYUAN_LOG_FORMAT: 'text',
    JIYUAN_TODAY: E2E_TODAY,
    ...extraEnv,
  };
  const child = spawn(bin, ['serve'], { cwd: dir, env, stdio: ['ignore', out, out] });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`e2e: ${name} server exited with ${child.exitCode}:\n${readFileSync(log, 'utf8').slice(-4000)}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`e2e: ${name} server not ready after 60 s:\n${readFileSync(log, 'utf8').slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, dir, child, log };
}

async function stop(server: Server): Promise<void> {
  if (server.child.exitCode === null) {
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (process.env.E2E_KEEP_DATA) console.log(`e2e: kept ${server.dir}`);
  else rmSync(server.dir, { recursive: true, force: true });
}

interface MailSink {
  dir: string;
  port: number;
  close: () => Promise<void>;
}

/**
 * A fake SMTP server that accepts every message and keeps it as it came: `<n>.eml` with its
 * envelope (`{ from, to: [addresses] }`) in `<n>.json`, written after the message, in a new
 * temporary folder.
 */
async function startMailSink(): Promise<MailSink> {
  const dir = mkdtempSync(join(tmpdir(), 'jiyuan-e2e-mail-'));
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        received += 1;
        const name = join(dir, String(received).padStart(4, '0'));
        const { mailFrom, rcptTo } = session.envelope;
        writeFileSync(`${name}.eml`, Buffer.concat(chunks));
        writeFileSync(`${name}.json`, JSON.stringify({ from: mailFrom ? mailFrom.address : '', to: rcptTo.map((a) => a.address) }));
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const close = async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
    if (process.env.E2E_KEEP_DATA) console.log(`e2e: kept the mails in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  return { dir, port, close };
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const bin = resolve(here, process.env.JIYUAN_BIN ?? '../../target/debug/jiyuan-crm');
  const webDir = join(repo, 'frontend/dist');
  const missing: string[] = [];
  if (!existsSync(bin)) missing.push(`backend binary ${bin} (cargo build -p jiyuan-crm, or set JIYUAN_BIN)`);
  if (!existsSync(join(webDir, 'index.html'))) missing.push(`web app build ${webDir} (npm run build in frontend/)`);
  if (!existsSync(CHROMIUM)) missing.push(`Chromium ${CHROMIUM} (apt-get install -y chromium)`);
  if (missing.length) throw new Error(`e2e: missing ${missing.join('; ')}`);

  const servers = await Promise.all([
    startServer(bin, webDir, 'main', {}),
    startServer(bin, webDir, 'short-ttl', { JIYUAN_ACCESS_TOKEN_TTL_SECS: '5' }),
    startServer(bin, webDir, 'customers', {}),
    startServer(bin, webDir, 'dossier', {}),
    startServer(bin, webDir, 'customerbase', { JIYUAN_ATTACHMENT_MAX_BYTES: '200000' }),
    startServer(bin, webDir, 'policies', {}),
  ]);
  const [main, short, customers, dossier, customerbase, policies] = servers as [Server, Server, Server, Server, Server, Server];
  process.env.E2E_BASE_URL = main.url;
  process.env.E2E_SHORT_TTL_URL = short.url;
  process.env.E2E_CUSTOMERS_URL = customers.url;
  process.env.E2E_DOSSIER_URL = dossier.url;
  process.env.E2E_CUSTOMERBASE_URL = customerbase.url;
  const ledger = await startServer(bin, webDir, 'ledger', {});
  servers.push(ledger);
  process.env.E2E_LEDGER_URL = ledger.url;
  const ratings = await startServer(bin, webDir, 'ratings', {});
  servers.push(ratings);
  process.env.E2E_RATINGS_URL = ratings.url;
  const credit = await startServer(bin, webDir, 'credit', {});
  servers.push(credit);
  process.env.E2E_CREDIT_URL = credit.url;
  const collection = await startServer(bin, webDir, 'collection', {});
  servers.push(collection);
  process.env.E2E_COLLECTION_URL = collection.url;
  const mailSink = await startMailSink();
  process.env.E2E_MAIL_DIR = mailSink.dir;
  const statement = await startServer(bin, webDir, 'statement', { JIYUAN_SMTP_URL: `smtp://127.0.0.1:${mailSink.port}` });
  servers.push(statement);
  process.env.E2E_STATEMENT_URL = statement.url;
  process.env.E2E_POLICIES_URL = policies.url;
  console.log(
    `e2e: backend at ${main.url} (and ${short.url} with 5 s access tokens, ${customers.url} for customers, ${dossier.url} for the dossier and approvals, ${customerbase.url} for plans, export, files and import, ${policies.url} for policies, the calendar and e-mail addresses)`,
  );

  return async () => {
    await Promise.all(servers.map(stop));
    await mailSink.close();
  };
}
