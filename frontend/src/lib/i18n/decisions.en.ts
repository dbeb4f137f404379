// English: decisions on a customer outside the registration form, and the read-only loan.
// Typed against decisions.zh-CN.ts.
import type { decisionsZhCN } from './decisions.zh-CN';

export const decisionsEn: Record<keyof typeof decisionsZhCN, string> = {
  'customers.classify': 'Classify',
  'customers.classifyTitle': 'Classify “{name}”',
  'customers.classifyIntro': "The business manager decides the category and the key-customer flag; the decision and its reason are kept in the history and the audit trail, and the customer's treatment (shipping priority, prices, revisits) follows.",
  'customers.currentClassification': 'Current classification',
  'customers.newCategory': 'Category',
  'customers.classified': 'Classification changed',
  'customers.classificationUnchanged': 'The customer has this category and key-customer flag already',
  'customers.correctFirstDeal': 'Correct first deal',
  'customers.correctFirstDealTitle': 'Correct the first deal of “{name}”',
  'customers.correctFirstDealIntro': 'The first signed contract sets the first-deal date; only the business department corrects it, with a reason. It may not be after today nor after the first signed contract.',
  'customers.currentFirstDeal': 'Current first deal',
  'customers.newFirstDeal': 'Corrected date',
  'customers.newFirstDealHelp': 'Empty means no deal (only for a customer without a signed contract)',
  'customers.firstDealCorrected': 'First-deal date corrected',
  'customers.firstDealUnchanged': 'The customer has this first-deal date already',
  'customers.firstDealOutOfRange': 'Not after today nor after the first signed contract',
  'customers.firstDealRequired': 'The customer has a signed contract: its first deal cannot be cleared',
  'customers.firstDealHelp': 'Set by the first signed contract',
  'customers.decisionReasonRequired': 'Give the reason',
  'customers.change.classification': 'Classification',
  'customers.change.first_deal': 'First deal',
  'customers.borrowedNotice': 'You see this customer through a loan (dossier borrowing): you may read it, not change it.',
  'customers.borrowedTag': 'Borrowed',
};
