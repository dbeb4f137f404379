// Customer code patterns as the server expands them (customers::rules::expand_code):
// `{YYYY}`, `{YY}`, `{MM}`, `{SEQ:n}` and literal text.

export type PatternProblem = 'no_seq' | 'unclosed' | 'unknown' | 'too_long';

/** Why the server would refuse `pattern`, or null. */
export function codePatternProblem(pattern: string): PatternProblem | null {
  if (!pattern.includes('{SEQ')) return 'no_seq';
  for (const m of pattern.matchAll(/\{([^}]*)(\}?)/g)) {
    if (m[2] !== '}') return 'unclosed';
    const token = m[1] ?? '';
    const seq = /^SEQ:(\d+)$/.exec(token);
    const ok = ['YYYY', 'YY', 'MM', 'SEQ'].includes(token) || (seq !== null && Number(seq[1]) >= 1 && Number(seq[1]) <= 12);
    if (!ok) return 'unknown';
  }
  if ([...pattern].length > 40) return 'too_long';
  return null;
}

/**
 * The code `pattern` gives for sequence number `seq` in a month (1–12):
 * `C{YYYY}{SEQ:5}` → `C202600001`.
 */
export function expandCodePattern(pattern: string, on: { year: number; month: number }, seq: number): string {
  return pattern.replace(/\{(YYYY|YY|MM|SEQ(?::(\d+))?)\}/g, (_m, token: string, width?: string) => {
    if (token === 'YYYY') return String(on.year).padStart(4, '0');
    if (token === 'YY') return String(on.year % 100).padStart(2, '0');
    if (token === 'MM') return String(on.month).padStart(2, '0');
    return String(seq).padStart(width ? Number(width) : 1, '0');
  });
}
