// English: the statement of account. Typed against statement.zh-CN.ts.
import type { statementZhCN } from './statement.zh-CN';

export const statementEn: Record<keyof typeof statementZhCN, string> = {
  'statement.open': 'Statement',
  'statement.back': 'Back to the customer',
  'statement.company': '河北纪元光电 (Hebei Jiyuan)',
  'statement.title': 'Statement of account',
  'statement.period': 'Period',
  'statement.periodValue': '{from} to {to}',
  'statement.from': 'From',
  'statement.to': 'To',
  'statement.customerCode': 'Customer code',
  'statement.customerName': 'Customer',
  'statement.drawnOn': 'Drawn up on',
  'statement.unit': 'Amounts in yuan',
  'statement.print': 'Print',
  'statement.export': 'Export .xlsx',
  'statement.intro':
    "The customer's account over the period: the opening balance, shipments, payments, reversals, credit notes and bad-debt write-offs with the running balance; what is open at the end by age. Printing outputs the statement alone (A4).",
  'statement.problem.from_after_to': 'The start must not be after the end',
  'statement.problem.to_after_today': 'The end must not be after today',
  'statement.problem.too_long': 'The period must not exceed three years',
  'statement.notAddingUp':
    'The figures of this statement do not add up (opening + debits − credits ≠ closing, or closing ≠ aging total − unallocated payments): have the finance department check it before sending it.',

  'statement.summary.opening': 'Opening balance',
  'statement.summary.debit': 'Debits (shipments)',
  'statement.summary.credit': 'Credits (payments etc.)',
  'statement.summary.closing': 'Closing balance',

  'statement.lines': 'Entries',
  'statement.col.on': 'Date',
  'statement.col.summary': 'Entry',
  'statement.col.reference': 'Reference',
  'statement.col.contract': 'Contract',
  'statement.col.debit': 'Debit',
  'statement.col.credit': 'Credit',
  'statement.col.balance': 'Balance',
  'statement.opening': 'Opening balance',
  'statement.periodTotals': 'Period totals',
  'statement.closing': 'Closing balance',
  'statement.noLines': 'No entries in the period',
  'statement.kind.shipment': 'Shipment',
  'statement.kind.payment': 'Payment',
  'statement.kind.payment_reversal': 'Payment reversed',
  'statement.kind.credit_note': 'Credit note',
  'statement.kind.write_off': 'Bad-debt write-off',

  'statement.contracts': 'Contracts signed in the period',
  'statement.contract.number': 'Contract',
  'statement.contract.signedOn': 'Signed on',
  'statement.contract.amount': 'Amount',
  'statement.contract.status': 'Status',
  'statement.noContracts': 'No contracts signed in the period',

  'statement.aging': 'Aging of the closing balance',
  'statement.unallocated': 'Payments received, not yet allocated',
  'statement.agingNote': 'Closing balance = aging total − payments not yet allocated',

  'statement.confirmNote':
    'Please check the account above. If it agrees with your books, sign and stamp it under "Customer confirmation" and return it; if not, state the difference and its reason.',
  'statement.sign.customer': 'Customer confirmation (stamp)',
  'statement.sign.ourSide': 'For the company',
  'statement.sign.handler': 'Handled by',
  'statement.sign.date': 'Date',
  'fieldError.statement.too_long': 'More than 10,000 entries in the period: choose a shorter one',
  'statement.pageOf': 'Page {page} of {pages}',
};
