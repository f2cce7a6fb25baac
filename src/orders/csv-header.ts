import { InvalidInput } from '../common/errors';
import { textProblem } from '../common/safe-text';
import { ORDER_FIELDS, REQUIRED_ORDER_FIELDS } from './order-input';

const BY_LOWER = new Map<string, string>(ORDER_FIELDS.map((f) => [f.toLowerCase(), f]));

/** Maps a CSV header row to contract field names; a wrong header is a 400 listing the expected columns. */
export function mapCsvHeader(cells: string[]): string[] {
  const badText = cells.map((c, i) => [i + 1, textProblem(c)] as const).filter(([, p]) => p);
  if (badText.length) throw new InvalidInput(badText.map(([n, p]) => `header: column ${n} ${p}`));
  const names = cells.map((c) => c.trim());
  const mapped = names.map((n) => BY_LOWER.get(n.toLowerCase()));
  const problems: string[] = [];
  const unknown = names.filter((_, i) => !mapped[i]);
  if (unknown.length) problems.push(`header: unknown column(s) ${unknown.map((u) => JSON.stringify(u)).join(', ')}`);
  const seen = new Set<string>();
  for (const m of mapped) {
    if (!m) continue;
    if (seen.has(m)) problems.push(`header: column ${m} appears twice`);
    seen.add(m);
  }
  const missing = REQUIRED_ORDER_FIELDS.filter((f) => !seen.has(f));
  if (missing.length) problems.push(`header: missing required column(s) ${missing.join(', ')}`);
  if (problems.length) {
    problems.push(`header: expected columns are ${ORDER_FIELDS.join(',')} (required: ${REQUIRED_ORDER_FIELDS.join(', ')})`);
    throw new InvalidInput(problems);
  }
  return mapped as string[];
}
