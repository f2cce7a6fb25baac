import type { Lang } from './i18n';

/**
 * The rules of the 400 answers a signed-in page can give (`field: rule`, as the API words them),
 * in Indonesian: department staff read Indonesian first, and these reach them on the error page
 * after an edited address or a stale link. A rule not listed here is shown as the API words it.
 */
const RULES_ID: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^must be a whole number from 1$/, () => 'harus bilangan bulat mulai dari 1'],
  [/^must be a real date YYYY-MM-DD$/, () => 'harus tanggal yang ada, ditulis TTTT-BB-HH'],
  [/^must be an ISO week like (\S+) \(a week that exists\)$/, (m) => `harus minggu ISO yang ada, misalnya ${m[1]}`],
  [/^must be a UUID$/, () => 'harus berupa UUID'],
  [/^not a kecamatan of Rembang$/, () => 'bukan kecamatan di Kabupaten Rembang'],
  [/^must be overdue \(or left out\)$/, () => 'harus overdue (atau dikosongkan)'],
  [/^must not contain a NUL character \(\\u0000\)$/, () => 'tidak boleh memuat karakter NUL (\\u0000)'],
  [/^must be text\/csv$/, () => 'harus text/csv'],
  [/^not valid JSON$/, () => 'bukan JSON yang sah'],
];

/** One problem of a 400 answer in the page's language: the field name as sent, then its rule. */
export function problemText(l: Lang, message: string): string {
  if (l === 'en') return message;
  const i = message.indexOf(': ');
  if (i <= 0) return message;
  const rule = message.slice(i + 2);
  for (const [re, id] of RULES_ID) {
    const m = re.exec(rule);
    if (m) return `${message.slice(0, i)}: ${id(m)}`;
  }
  return message;
}
