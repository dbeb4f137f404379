// The fields of each dossier kind (backend/src/dossier/model.rs: Characteristics, KeyPerson,
// FinancialStatement, …; the OpenAPI document types `content` as a plain object), and the
// conversions between an entry's `content` and the web form: amounts typed in 元 are sent as
// integer fen (`revenue` ↔ `revenue_fen`), empty optional text is null, dates are YYYY-MM-DD.
import type { DossierKind } from '@/api/types';
import { fenToYuanInput, yuanToFen } from '@/lib/money';

export type FieldType = 'text' | 'textarea' | 'date' | 'amount' | 'integer' | 'interactionKind';

export interface FieldDef {
  /** The form field. */
  name: string;
  /** The key in `content` (differs for amounts: `<name>_fen`). */
  api: string;
  type: FieldType;
  required?: boolean;
  /** Key people's personal data (restricted: left out for readers without the right). */
  personal?: boolean;
  /** Amounts that may be negative (a loss). */
  allowNegative?: boolean;
}

const text = (name: string, extra: Partial<FieldDef> = {}): FieldDef => ({ name, api: name, type: 'text', ...extra });
const area = (name: string, extra: Partial<FieldDef> = {}): FieldDef => ({ name, api: name, type: 'textarea', ...extra });
const date = (name: string): FieldDef => ({ name, api: name, type: 'date', required: true });
const amount = (name: string, allowNegative = false): FieldDef => ({ name, api: `${name}_fen`, type: 'amount', allowNegative });

export const INTERACTION_KINDS = ['visit', 'phone', 'meeting', 'message'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

export const KIND_FIELDS: Record<DossierKind, readonly FieldDef[]> = {
  characteristics: [
    area('service_area'),
    area('sales_capacity'),
    area('development_potential'),
    area('business_philosophy'),
    area('direction'),
    area('policies'),
    area('scale'),
    area('business_features'),
  ],
  business_status: [
    area('sales_performance'),
    area('management_quality'),
    area('competitor_relations'),
    area('peer_evaluation'),
    area('attitude_to_us'),
  ],
  transaction_status: [
    area('sales_activity'),
    area('problems'),
    area('strengths'),
    area('future_plans'),
    area('image'),
    area('reputation'),
    area('credit_status'),
    area('trading_conditions'),
    area('credit_problems'),
  ],
  key_person: [
    text('name', { required: true }),
    text('position'),
    text('founding_time'),
    text('phone', { personal: true }),
    text('email', { personal: true }),
    { name: 'age', api: 'age', type: 'integer', personal: true },
    area('character', { personal: true }),
    area('hobbies', { personal: true }),
    area('family', { personal: true }),
    area('ability', { personal: true }),
  ],
  financial_statement: [
    text('period', { required: true }),
    amount('revenue'),
    amount('net_profit', true),
    amount('total_assets'),
    amount('total_liabilities'),
    amount('current_assets'),
    amount('current_liabilities'),
  ],
  investigation: [date('date'), text('investigators'), area('findings', { required: true }), area('conclusion')],
  information_slip: [date('date'), text('source'), area('content', { required: true }), area('handling')],
  interaction: [
    date('date'),
    { name: 'kind', api: 'kind', type: 'interactionKind', required: true },
    text('participants'),
    area('content', { required: true }),
    area('follow_up'),
  ],
};

/** Profile sections have one current version per customer; the other kinds are lists. */
export const SECTION_KINDS = ['characteristics', 'business_status', 'transaction_status'] as const satisfies readonly DossierKind[];
export const isSection = (kind: DossierKind): boolean => (SECTION_KINDS as readonly DossierKind[]).includes(kind);
/** Kinds whose writing needs the restricted-dossier write permission. */
export const RESTRICTED_KINDS: readonly DossierKind[] = ['key_person', 'financial_statement'];

export type FormValues = Record<string, string | number | null>;

type Content = Record<string, unknown>;

/** An entry's content as the form's initial values (an empty form for none). */
export function contentToValues(kind: DossierKind, content: Content | null | undefined): FormValues {
  const c = content ?? {};
  const out: FormValues = {};
  for (const f of KIND_FIELDS[kind]) {
    const v = c[f.api];
    switch (f.type) {
      case 'amount':
        out[f.name] = typeof v === 'number' ? fenToYuanInput(v) : '';
        break;
      case 'integer':
        out[f.name] = typeof v === 'number' ? v : null;
        break;
      case 'date':
        out[f.name] = typeof v === 'string' ? v : null;
        break;
      case 'interactionKind':
        out[f.name] = typeof v === 'string' ? v : 'visit';
        break;
      default:
        out[f.name] = typeof v === 'string' ? v : '';
    }
  }
  return out;
}

/** The form's values as the `content` of the kind (throws a RangeError for an amount that is not one). */
export function valuesToContent(kind: DossierKind, values: FormValues): Content {
  const out: Content = {};
  for (const f of KIND_FIELDS[kind]) {
    const v = values[f.name];
    switch (f.type) {
      case 'amount':
        out[f.api] = yuanToFen(typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v), {
          allowNegative: f.allowNegative,
        });
        break;
      case 'integer':
        out[f.api] = typeof v === 'number' && Number.isFinite(v) ? v : null;
        break;
      case 'date':
      case 'interactionKind':
        out[f.api] = typeof v === 'string' && v !== '' ? v : null;
        break;
      default: {
        const s = typeof v === 'string' ? v.trim() : '';
        // Required text is sent as typed (empty: the server names the field); optional text
        // left empty is "none".
        out[f.api] = f.required ? s : s === '' ? null : s;
      }
    }
  }
  return out;
}

/**
 * The server names content errors `content.<key>` (`content.revenue_fen`); the form's field for
 * each, for FormModal's `renameFields`.
 */
export function contentErrorFields(kind: DossierKind): Record<string, string> {
  return Object.fromEntries(KIND_FIELDS[kind].map((f) => [`content.${f.api}`, f.name]));
}

/** The keys whose values differ between two versions of a content (for the history). */
export function changedKeys(before: Content | null | undefined, after: Content | null | undefined): Set<string> {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const norm = (v: unknown) => (v === undefined || v === '' ? null : v);
  return new Set([...keys].filter((k) => JSON.stringify(norm(before?.[k])) !== JSON.stringify(norm(after?.[k]))));
}
