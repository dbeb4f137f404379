// Simplified Chinese: decisions on a customer that are not the registration form's — the
// business manager's classification (category and key-customer flag), the first-deal date the
// first signed contract sets and the business department corrects — and the read-only loan.
// Spread into zh-CN.ts (the reference dictionary); decisions.en.ts must translate every key.
export const decisionsZhCN = {
  'customers.classify': '调整分类',
  'customers.classifyTitle': '调整“{name}”的分类',
  'customers.classifyIntro': '客户类别和重点客户由业务部经理决定，决定及其原因记入变更记录和审计日志；客户的待遇（发货优先级、价格、回访）随之变化。',
  'customers.currentClassification': '当前分类',
  'customers.newCategory': '客户类别',
  'customers.classified': '客户分类已调整',
  'customers.classificationUnchanged': '客户已是这个类别和重点客户标记',
  'customers.correctFirstDeal': '更正首次成交日期',
  'customers.correctFirstDealTitle': '更正“{name}”的首次成交日期',
  'customers.correctFirstDealIntro': '首次成交日期由首份签订的合同自动确定，只有业务部可以更正，须说明原因。日期不能晚于今天，也不能晚于首份签订的合同。',
  'customers.currentFirstDeal': '当前首次成交日期',
  'customers.newFirstDeal': '更正后的日期',
  'customers.newFirstDealHelp': '留空表示没有成交（仅限没有签订合同的客户）',
  'customers.firstDealCorrected': '首次成交日期已更正',
  'customers.firstDealUnchanged': '客户的首次成交日期已是这一天',
  'customers.firstDealOutOfRange': '不能晚于今天或首份签订合同的日期',
  'customers.firstDealRequired': '客户已有签订的合同，不能清除首次成交日期',
  'customers.firstDealHelp': '由首份签订的合同确定',
  'customers.decisionReasonRequired': '请说明原因',
  'customers.change.classification': '分类',
  'customers.change.first_deal': '首次成交',
  'customers.borrowedNotice': '您通过资料借阅查看此客户：可以查看，不能修改。',
  'customers.borrowedTag': '借阅',
} as const;
