// Shared settings of the e2e run.

/**
 * The day the servers and the browser pretend it is (JIYUAN_TODAY, and the browser's clock from
 * 07:00 Shanghai time), so no test depends on the day it runs. `E2E_TODAY` changes it.
 */
export const E2E_TODAY = process.env.E2E_TODAY ?? '2026-12-02';

/** The day `offset` days from E2E_TODAY, as YYYY-MM-DD. */
export function dayFromToday(offset: number): string {
  const d = new Date(`${E2E_TODAY}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

/** The browser's clock starts here (07:00 in the company's time zone). */
export const E2E_START = new Date(`${E2E_TODAY}T07:00:00+08:00`);
export const ADMIN_INITIAL_PASSWORD = 'E2e-Admin-Initial-2026!';
export const ADMIN_PASSWORD = 'Jiyuan-Admin-Changed-2026!';
export const SALESMAN = {
  username: 'zhang.san',
  displayName: '张三',
  initialPassword: 'Initial-Sales-2026!',
  password: 'Zhangsan-Own-Secret-2026!',
};
export const OFFICE = { code: 'HB-SJZ', name: '石家庄办事处', region: '华北' };
