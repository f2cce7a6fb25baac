import type { Snapshot, SnapshotItem } from '../../reports/report.types';
import { weeklyListJson } from '../../reports/weekly-list.view';
import type { WebCtx } from '../web-context';
import { noWeeklyListView, weeklyCsvHref, WeeklyData, weeklyView } from './weekly.views';

const item = (i: number, over: Partial<SnapshotItem> = {}): SnapshotItem => ({
  flagId: `f${i}`,
  businessId: `b${i}`,
  businessName: `Ulla Leather ${i}`,
  district: 'Lasem',
  market: 'MY',
  kind: 'compliance',
  change: 'new',
  status: 'open',
  score: 70,
  ordersThisWeek: 2,
  orders13w: 26,
  value13wIdr: 7_379_832,
  repeatBuyers: 3,
  heaviestParcelKg: 31.5,
  wildlifeMaterials: ['snakeskin'],
  materials: ['snakeskin'],
  signalsHit: ['wildlifeMaterials'],
  reasons: [{ id: 'Bahan satwa liar: kulit ular ke Malaysia', en: 'Wildlife material: snakeskin to Malaysia' }],
  checklist: [{ code: 'SATS-LN', title: { id: 'Izin SATS-LN (KSDAE)', en: 'SATS-LN permit (KSDAE)' }, reason: { id: 'x', en: 'x' } }],
  suggestedAction: 'sats_ln_check',
  raisedOn: '2026-11-22',
  resolvedOn: null,
  series: [],
  ...over,
});

function data(lang: 'id' | 'en', items: SnapshotItem[], live: Record<string, string> = {}): { c: WebCtx; d: WeeklyData } {
  const s: Snapshot = {
    week: '2026-W47',
    weekStart: '2026-11-16',
    weekEnd: '2026-11-22',
    schemaVersion: 1,
    ruleSetVersion: 2,
    runId: null,
    previousWeek: null,
    publishedAt: new Date('2026-11-23T00:05:00Z'),
    items,
    counts: { total: items.length, new: items.length, continuing: 0, resolved: 0 },
  };
  return {
    c: { lang, csrf: 't', path: '/dinas/mingguan', secure: false },
    d: {
      week: '2026-W47',
      weeks: ['2026-W47', '2026-W46'],
      list: weeklyListJson(s, lang),
      markets: ['MY'],
      filters: {},
      live: new Map(Object.entries(live)),
      total: items.length,
      changes: {
        new: items.filter((i) => i.change === 'new').length,
        continuing: items.filter((i) => i.change === 'continuing').length,
        resolved: items.filter((i) => i.change === 'resolved').length,
      },
      page: 1,
      pageRows: 100,
    },
  };
}

describe('weekly list view', () => {
  it('shows per row the reasons, the paperwork titles, the heaviest parcel and the wildlife material', () => {
    const { c, d } = data('id', [item(1)]);
    const html = weeklyView(c, d).value;
    expect(html).toContain('<li>Bahan satwa liar: kulit ular ke Malaysia</li>');
    expect(html).toContain('<ul class="checklist"><li>Izin SATS-LN (KSDAE)</li></ul>');
    expect(html).toContain('Kiriman terberat: <span class="num">31,5 kg</span>');
    expect(html).toContain('Bahan satwa liar: Kulit ular</li>');
    expect(html).toContain('<td data-label="Nilai 13 mg" class="num">Rp\u00a07.379.832</td>');
    expect(html).toContain('Periksa izin SATS-LN (KSDAE / BKSDA)');
  });

  it('leaves out the heaviest parcel and wildlife lines when the row has none', () => {
    const { c, d } = data('en', [item(1, { heaviestParcelKg: null, wildlifeMaterials: [], checklist: [] })]);
    const html = weeklyView(c, d).value;
    expect(html).not.toContain('data-heaviest');
    expect(html).not.toContain('data-wildlife');
    expect(html).not.toContain('class="checklist"');
  });

  it('labels the status frozen at publication and the live status now, a dash when the flag is gone', () => {
    const { c, d } = data('en', [item(1), item(2)], { f1: 'in_review' });
    const html = weeklyView(c, d).value;
    const row = (id: string) => new RegExp(`<tr data-flag="${id}">(.*?)</tr>`, 's').exec(html)![1];
    expect(row('f1')).toContain('At publication: <span class="pill open">Open</span>');
    expect(row('f1')).toContain('Now: <span class="pill in_review">In review</span>');
    expect(row('f2')).toContain('Now: –');
  });

  it('counts the rows by change, dates the list in WIB and links the CSV with the same filters', () => {
    const { c, d } = data('id', [item(1), item(2, { change: 'continuing' })]);
    const html = weeklyView(c, { ...d, filters: { district: 'Lasem', kind: 'compliance' } }).value;
    expect(html).toContain('<div><b>2</b>usaha × pasar</div><div><b>1</b>Baru</div>');
    expect(html).toContain('16 Nov 2026 – 22 Nov 2026 · terbit 23 Nov 2026 07:05 WIB');
    expect(html).toContain('href="/dinas/mingguan.csv?minggu=2026-W47&amp;kecamatan=Lasem&amp;jenis=compliance"');
    expect(weeklyCsvHref('2026-W47', {})).toBe('/dinas/mingguan.csv?minggu=2026-W47');
    expect(noWeeklyListView(c).value).toContain('Belum ada daftar yang terbit');
  });

  it('shows each pair on the export ladder with the rung above, "naik kelas" when it climbed, and the week\'s climbs', () => {
    const { c, d } = data('id', [item(1, { rung: 'agent_peb', nextRung: 'own_peb', rungChange: { from: 'own_cn', to: 'agent_peb' } }), item(2)]);
    const ups = [
      {
        businessId: 'b9',
        businessName: 'Batik Sekar Kawung',
        district: 'Pancur',
        market: 'MY',
        from: 'own_cn' as const,
        to: 'own_peb' as const,
        asOf: '2026-11-22',
      },
    ];
    const html = weeklyView(c, { ...d, list: { ...d.list, rungUps: ups } }).value;
    const row = (id: string) => new RegExp(`<tr data-flag="${id}">(.*?)</tr>`, 's').exec(html)![1];
    expect(row('f1')).toContain('Tangga: PEB lewat agen → berikutnya: PEB sendiri</span> <span class="pill ok">naik kelas</span>');
    expect(row('f2')).not.toContain('Tangga:');
    expect(html).toContain('<h2>Naik kelas minggu ini (1)</h2>');
    expect(html).toContain('<a href="/dinas/usaha/b9">Batik Sekar Kawung</a> · Pancur · Malaysia:\nCN atas nama sendiri → <strong>PEB sendiri</strong>');
  });
  it('pages a long list: the counts cover every matching row, the caption says which rows, the links keep week and filters', () => {
    const { c, d } = data('id', [item(1), item(2)]);
    const html = weeklyView(c, {
      ...d,
      total: 250,
      changes: { new: 200, continuing: 40, resolved: 10 },
      page: 2,
      pageRows: 100,
      filters: { district: 'Lasem' },
    }).value;
    expect(html).toContain('<div><b>250</b>usaha × pasar</div>');
    expect(html).toContain('<div><b>200</b>Baru</div>');
    expect(html).toContain('250 baris · baris 101–102</caption>');
    expect(html).toContain('href="/dinas/mingguan?minggu=2026-W47&amp;kecamatan=Lasem"'); // page 1 needs no number
    expect(html).toContain('href="/dinas/mingguan?minggu=2026-W47&amp;kecamatan=Lasem&amp;halaman=3"');
    expect(html).toContain('Halaman 2 dari 3');
    const last = weeklyView(c, { ...d, total: 250, page: 3, pageRows: 100 }).value;
    expect(last).toContain('rel="prev"');
    expect(last).not.toContain('rel="next"');
    // one page: no pager at all
    expect(weeklyView(c, d).value).not.toContain('class="actions pager"');
  });
});
