// Shared settings of the e2e run.
export const ADMIN_INITIAL_PASSWORD = 'E2e-Admin-Initial-2026!';
export const ADMIN_PASSWORD = 'Jiyuan-Admin-Changed-2026!';
export const SALESMAN = {
  username: 'zhang.san',
  displayName: '张三',
  initialPassword: 'Initial-Sales-2026!',
  password: 'Zhangsan-Own-Secret-2026!',
};
export const OFFICE = { code: 'HB-SJZ', name: '石家庄办事处', region: '华北' };
