import { NUL_RULE } from '../common/safe-text';
import { UUID_RULE } from '../common/uuid.pipe';
import { WEEK_RULE } from '../common/validation';
import type { Lang } from './i18n';

/** The rules the pages' own controllers word (`field: rule`), beside the shared ones they also answer with. */
export const PAGE_RULES = {
  fromOne: 'must be a whole number from 1',
  date: 'must be a real date YYYY-MM-DD',
  kecamatan: 'not a kecamatan of Rembang',
  overdue: 'must be overdue (or left out)',
  csv: 'must be text/csv',
  json: 'not valid JSON',
} as const;

/**
 * The rules of the 400 answers a signed-in page can give, in Indonesian: department staff read
 * Indonesian first, and these reach them on the error page after an edited address or a stale link.
 * Keyed by the rule constants themselves, so a reworded rule cannot silently lose its translation.
 * A rule not listed here is shown as the API words it.
 */
const RULES_ID = new Map<string, string>([
  [PAGE_RULES.fromOne, 'harus bilangan bulat mulai dari 1'],
  [PAGE_RULES.date, 'harus tanggal yang ada, ditulis TTTT-BB-HH'],
  [PAGE_RULES.kecamatan, 'bukan kecamatan di Kabupaten Rembang'],
  [PAGE_RULES.overdue, 'harus overdue (atau dikosongkan)'],
  [PAGE_RULES.csv, 'harus text/csv'],
  [PAGE_RULES.json, 'bukan JSON yang sah'],
  [WEEK_RULE, 'harus minggu ISO yang ada, misalnya 2026-W47'],
  [UUID_RULE, 'harus berupa UUID'],
  [NUL_RULE, 'tidak boleh memuat karakter NUL (\\u0000)'],
]);

/** One problem of a 400 answer in the page's language: the field name as sent, then its rule. */
export function problemText(l: Lang, message: string): string {
  if (l === 'en') return message;
  const i = message.indexOf(': ');
  if (i <= 0) return message;
  const id = RULES_ID.get(message.slice(i + 2));
  return id === undefined ? message : `${message.slice(0, i)}: ${id}`;
}
