import type { FlagEventDto } from '../../flags/dto/flag.dto';
import type { WebCtx } from '../web-context';
import { collapsedTimeline, flagCard, FlagTimeline, latestTimeline, signalValue } from './flag-card.views';
import { flag } from './flag-fixtures';
import { flagFormView, queueView } from './review.views';

const ctx = (lang: 'id' | 'en' = 'id'): WebCtx => ({ lang, csrf: 'tok-1', path: '/dinas/antrean', secure: false });

const event = (i: number): FlagEventDto => ({
  id: String(i),
  at: new Date(Date.UTC(2026, 10, 1, 3) + i * 3600_000).toISOString(),
  type: 'evaluated',
  actor: 'system:watch',
  actorName: 'Sistem',
  note: null,
  fromStatus: null,
  toStatus: null,
  asOf: null,
  runId: null,
  decision: null,
  score: null,
  details: {},
});
const history = (n: number): FlagTimeline => ({ total: n, items: Array.from({ length: n }, (_, i) => event(i + 1)) });
/** The number of entries of the timeline list whose tag holds `attr`. */
const items = (s: string, attr: string) => {
  const list = new RegExp(`<ol class="timeline[^"]*"[^>]*${attr}[^>]*>(.*?)</ol>`, 's').exec(s)?.[1] ?? '';
  return [...list.matchAll(/<li/g)].length;
};

describe('review views', () => {
  it('names every signal in the page language, money in Rupiah and materials by name, never a raw key', () => {
    const html = flagCard(ctx(), { flag: flag(), history: history(1), back: '/dinas/antrean', today: '2026-11-25', historyMode: 'latest' }).value;
    expect(html).toContain('<td data-label="Sinyal">Bahan satwa liar</td>');
    expect(html).toContain('Kulit ular');
    expect(html).toContain('Rp\u00a07.379.832');
    expect(html).toContain('Rp\u00a050.000.000');
    expect(html).toContain('<details class="signals"><summary>Sinyal (nilai vs ambang): 2 dari 3 terpenuhi</summary>');
    expect(html).not.toMatch(/>wildlifeMaterials<|>value13wIdr<|>activeWeeks</);
    expect(signalValue('en', 'value13wIdr', 1234567)).toBe('Rp\u00a01,234,567');
    expect(signalValue('id', 'growth', 0.456)).toBe('0,46');
  });

  it('the snooze form starts tomorrow and proposes four weeks ahead; both forms return to the page they came from', () => {
    const html = flagCard(ctx(), { flag: flag(), history: history(1), back: '/dinas/antrean', today: '2026-11-25', historyMode: 'latest' }).value;
    expect(html).toContain('min="2026-11-26" value="2026-12-23"');
    expect(html.match(/name="kembali" value="\/dinas\/antrean"/g)).toHaveLength(2);
    const resolved = flagCard(ctx(), { flag: flag({ status: 'resolved' }), history: history(1), back: '/', today: '2026-11-25', historyMode: 'latest' });
    expect(resolved.value).not.toContain('<form');
  });

  it('the queue timeline shows the latest entries open and says how many are hidden, with a link to them', () => {
    const html = latestTimeline('id', 'f1', { total: 13, items: history(5).items }, '/dinas/usaha/b1#history-f1').value;
    expect(html).toContain('<details open><summary>Riwayat (13)</summary>');
    expect(html).toContain('8 entri lebih lama tidak ditampilkan');
    expect(html).toContain('href="/dinas/usaha/b1#history-f1"');
    expect(items(html, 'id="history-f1"')).toBe(5);
  });

  it('the business timeline shows the last three entries and keeps all of them, oldest first, behind a closed disclosure', () => {
    const html = collapsedTimeline('en', 'f1', history(70)).value;
    expect(items(html, 'data-recent="f1"')).toBe(3);
    expect(items(html, 'id="history-f1"')).toBe(70);
    expect(html).toContain('<details class="history-all"><summary>History (70) — show all</summary>');
    expect(html).not.toContain('<details class="history-all" open');
    const recent = /data-recent="f1">(.*?)<\/ol>/s.exec(html)![1];
    // entries 68, 69 and 70, in time order like the API
    expect([...recent.matchAll(/<b>(.*?)<\/b>/g)].map((m) => m[1])).toEqual(['4 Nov 2026 06:00 WIB', '4 Nov 2026 07:00 WIB', '4 Nov 2026 08:00 WIB']);
    expect(collapsedTimeline('id', 'f1', history(2)).value).not.toContain('<details');
  });

  it('the queue lists each flag under its business, or says none is waiting', () => {
    const one = queueView(ctx(), { flags: [flag()], history: new Map([['f1', history(2)]]), today: '2026-11-25' }).value;
    expect(one).toContain('1 bendera terbuka, terlama dulu');
    expect(one).toContain('<a href="/dinas/usaha/b1">Ulla Leather</a>');
    expect(queueView(ctx('en'), { flags: [], history: new Map(), today: '2026-11-25' }).value).toContain('No flag is waiting for review.');
  });

  it('a failed post shows the error beside its field and keeps what was typed', () => {
    const html = flagFormView(ctx(), {
      flag: flag(),
      history: history(1),
      back: '/dinas/antrean',
      today: '2026-11-25',
      state: {
        form: 'snooze',
        errors: { until: [{ rule: 'isWibDate', message: 'until must be a date' }] },
        values: { until: '2026-02-30', note: 'tunggu NIB' },
      },
    }).value;
    expect(html).toContain('aria-invalid="true" aria-describedby="err-until"');
    expect(html).toContain('<p class="field-error" id="err-until" role="alert">Tanggal tidak valid (format TTTT-BB-HH).</p>');
    expect(html).toContain('value="2026-02-30"');
    expect(html).toContain('value="tunggu NIB"');
    expect(html).not.toContain('id="err-status"');
  });
});
