// The measures' default version as the server installs it (backend policies/model.rs), for tests.
import type { PolicyDocument } from '@/api/types';

const WAN = 1_000_000;

export function defaultDocument(): PolicyDocument {
  return {
    rating: {
      level_points: [25, 20, 15, 10],
      window_months: 12,
      allowed_window_months: [6, 12],
      contract_amount_min_fen: [500 * WAN, 200 * WAN, 50 * WAN],
      overdue_grace_days: 30,
      receivables_max_fen: [10 * WAN, 50 * WAN, 100 * WAN],
      premium_above_bp: [1000, 500, 0],
      grade_a_min_points: 85,
      grade_b_min_points: 70,
      new_customer_months: 12,
      min_business_months: 6,
      big_customer_suggest_fen: 300 * WAN,
    },
    treatment: [
      { category: 'big', grade: 'A', shipping_priority: 1, price_level: 'best', revisit_roles: ['vice_president', 'business_manager'], revisit_every_months: 3 },
      { category: 'big', grade: 'B', shipping_priority: 2, price_level: 'preferred', revisit_roles: ['vice_president', 'business_manager'], revisit_every_months: 6 },
      { category: 'general', grade: 'A', shipping_priority: 3, price_level: 'preferred', revisit_roles: ['business_manager'], revisit_every_months: 12 },
      { category: 'big', grade: 'C', shipping_priority: 4, price_level: 'discount', revisit_roles: ['business_manager'], revisit_every_months: 12 },
      { category: 'general', grade: 'B', shipping_priority: 5, price_level: 'discount', revisit_roles: ['office_director'], revisit_every_months: 6 },
      { category: 'general', grade: 'C', shipping_priority: 6, price_level: 'standard', revisit_roles: ['office_director'], revisit_every_months: 12 },
    ],
    reporting: {
      report_months_a: [6, 12],
      report_months_b: [3, 6, 9, 12],
      report_months_c: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      supervisor_forward_working_days: 3,
      manager_forward_working_days: 3,
    },
    credit: {
      grades: [
        { grade: 'AAA', limit_fen: 500 * WAN, credit_period_days: 90 },
        { grade: 'AA', limit_fen: 300 * WAN, credit_period_days: 60 },
        { grade: 'A', limit_fen: 100 * WAN, credit_period_days: 45 },
        { grade: 'B', limit_fen: 30 * WAN, credit_period_days: 30 },
        { grade: 'C', limit_fen: 0, credit_period_days: 0 },
      ],
      exposure: { open_receivables: true, shipped_not_invoiced: true, unshipped_contracts: true },
      normal_collection_days: 90,
      follow_up: [
        { days_overdue: 7, action: 'reminder' },
        { days_overdue: 30, action: 'phone' },
        { days_overdue: 60, action: 'letter' },
        { days_overdue: 90, action: 'visit' },
      ],
      aging_buckets_days: [30, 60, 90, 180, 365],
      review_months: [6, 12],
      dealings_report_day: 5,
      standard: { min_months_in_business: 12, max_overdue_days: 90, investigation_required: true },
      vp_release_max_fen: 50 * WAN,
      gm_limit_above_fen: 100 * WAN,
      limit_forms: { acceptance_bill: true, letter_of_credit: false },
      counted_instruments: ['guarantee', 'credit_insurance', 'mortgage'],
      special_contracts_cover_shipments: true,
      training_every_months: 12,
      follow_up_act_working_days: 3,
      review: {
        upgrade_max_late_receivables: 0,
        upgrade_min_utilisation_pct: 80,
        upgrade_max_broken_promises: 0,
        downgrade_worst_days_late: 60,
        downgrade_late_receivables: 3,
        downgrade_broken_promises: 2,
        downgrade_on_severe_event: true,
      },
      statements: { monthly_run: true, run_working_day: 1 },
    },
    service: { complaint_handoff_working_days: 1 },
  };
}
