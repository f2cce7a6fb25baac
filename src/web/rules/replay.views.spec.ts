import type { ReplayDiffEntryDto, ReplayResultDto } from '../../watch/dto/watch.dto';
import { diffSummary } from '../../watch/replay.service';
import { pairRows, replayComparison, weekRanges } from './replay.views';

const entry = (businessName: string, market: string, draft: ReplayDiffEntryDto['draft'], recorded: ReplayDiffEntryDto['recorded']): ReplayDiffEntryDto => ({
  businessId: `id-${businessName}`,
  businessName,
  district: 'Lasem',
  market,
  kind: 'readiness',
  draft,
  recorded,
});
type WeekSpec = { week: string; added?: ReplayDiffEntryDto[]; removed?: ReplayDiffEntryDto[]; changed?: ReplayDiffEntryDto[]; compared?: boolean };
const result = (weeks: WeekSpec[]): ReplayResultDto => {
  const ws = weeks.map((w, i) => ({
    week: w.week,
    asOf: `2026-11-${String(1 + i).padStart(2, '0')}`,
    raised: [],
    resolved: [],
    open: 0,
    diff: { compared: w.compared ?? true, added: w.added ?? [], removed: w.removed ?? [], changed: w.changed ?? [] },
  }));
  const n = ws.length;
  return {
    id: 'r',
    status: 'completed',
    from: '2026-11-01',
    to: '2026-11-30',
    ruleSetVersion: null,
    weeksTotal: n,
    weeksDone: n,
    weeks: ws,
    diffSummary: diffSummary(ws),
  };
};

describe('rules page: the replay comparison view', () => {
  it('writes consecutive weeks as ranges', () => {
    expect(
      weekRanges([
        { week: '2026-W40', index: 0 },
        { week: '2026-W41', index: 1 },
        { week: '2026-W43', index: 3 },
      ]),
    ).toBe('2026-W40 – 2026-W41, 2026-W43');
  });

  it('groups the weeks of each business × market × kind × change, sorted by business name', () => {
    const ulla = entry('Ulla <Leather>', 'MY', { decision: 'none', score: 40 }, { decision: 'keep', score: 90 });
    const arma = entry('Arma', 'CN', { decision: 'raise', score: 80 }, null);
    const rows = pairRows(
      result([
        { week: '2026-W45', removed: [ulla] },
        { week: '2026-W46', removed: [ulla], added: [arma] },
        { week: '2026-W47' },
        { week: '2026-W48', removed: [ulla] },
      ]),
    );
    expect(rows.map((r) => `${r.entry.businessName} ${r.change} ${weekRanges(r.weeks)}`)).toEqual([
      'Arma added 2026-W46',
      'Ulla <Leather> removed 2026-W45 – 2026-W46, 2026-W48',
    ]);
  });

  it('renders counts and rows in Indonesian or English, escaped, and says so when nothing differs', () => {
    const ulla = entry('Ulla <Leather>', 'MY', { decision: 'none', score: 40.5 }, { decision: 'keep', score: 90 });
    const r = result([
      { week: '2026-W45', removed: [ulla] },
      { week: '2026-W46', compared: false },
    ]);
    const id = replayComparison({ lang: 'id' }, r).value;
    expect(id).toContain('<b>0</b>ditambah</div><div><b>1</b>dihapus</div><div><b>0</b>berubah');
    expect(id).toContain('Ulla &lt;Leather&gt;');
    expect(id).toContain('<td data-label="Rancangan">tidak ditandai · skor 40,5</td><td data-label="Tercatat">tetap ditandai · skor 90</td>');
    expect(id).toContain('Tanpa catatan pemantauan (tidak dibandingkan): 2026-W46');
    const en = replayComparison({ lang: 'en' }, r).value;
    expect(en).toContain('<td data-label="Draft">not flagged · score 40.5</td><td data-label="Recorded">kept · score 90</td>');
    expect(en).toContain('>removed</span>');
    const same = replayComparison({ lang: 'id' }, result([{ week: '2026-W45' }])).value;
    expect(same).toContain('id="diff-none"');
    expect(same).not.toContain('id="replay-pairs"');
  });
});
