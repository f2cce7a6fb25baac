// the simulation's mechanics (hysteresis, comparison) on v1's plain thresholds: the fixtures carry no rhythm signals
import { RULE_SET_V1 } from '../flags/rule-set';
import type { CurrentEpisode } from '../flags/policy';
import { compareWeek, Outcome, simulateBusiness, WeekAccumulator } from './replay-simulation';
import { emptyMetrics } from './signals.repository';

const biz = { businessId: 'b1', businessName: 'Ulla Leather', district: 'Lasem' };
const week = (asOf: string, compared = true): WeekAccumulator => ({ asOf, raised: [], resolved: [], open: 0, compared, added: [], removed: [], changed: [] });
const o = (decision: Outcome['decision'], score: number): Outcome => ({ decision, score });

describe('replay comparison of one week (compareWeek)', () => {
  it('lists adds, removes and changes against hand-built recorded evaluations, and leaves out the pairs that agree', () => {
    const draft = new Map<string, Outcome>([
      ['MY|readiness', o('raise', 80)], // recorded: nothing → added
      ['SG|readiness', o('none', 20)], // recorded: kept → removed
      ['CN|readiness', o('keep', 70)], // recorded: raised that week → changed (decision)
      ['CN|compliance', o('keep', 50)], // recorded: kept at 60 → changed (score)
      ['JP|readiness', o('keep', 66.5)], // recorded: the same → omitted
      ['BN|readiness', o('none', 10)], // recorded: none → omitted (neither on the list)
      ['AU|readiness', o('blocked', 90)], // recorded: blocked too → omitted
      ['SA|readiness', o('keep', 75)], // recorded: resolved that week → added
    ]);
    const recorded = new Map<string, Outcome>([
      ['SG|readiness', o('keep', 55)],
      ['CN|readiness', o('raise', 70)],
      ['CN|compliance', o('keep', 60)],
      ['JP|readiness', o('keep', 66.5)],
      ['AU|readiness', o('blocked', 90)],
      ['SA|readiness', o('resolve', 40)],
      ['MY|compliance', o('raise', 100)], // the draft did not evaluate it → removed
    ]);
    const w = week('2026-11-22');
    compareWeek(biz, draft, recorded, w);
    const line = (e: (typeof w.added)[number]) =>
      `${e.market}/${e.kind} ${e.draft?.decision ?? '-'}:${e.draft?.score ?? '-'} ${e.recorded?.decision ?? '-'}:${e.recorded?.score ?? '-'}`;
    expect(w.added.map(line)).toEqual(['MY/readiness raise:80 -:-', 'SA/readiness keep:75 resolve:40']);
    expect(w.removed.map(line)).toEqual(['MY/compliance -:- raise:100', 'SG/readiness none:20 keep:55']);
    expect(w.changed.map(line)).toEqual(['CN/compliance keep:50 keep:60', 'CN/readiness keep:70 raise:70']);
    expect(w.added[0]).toMatchObject({ businessId: 'b1', businessName: 'Ulla Leather', district: 'Lasem' });
  });

  it('is empty when the draft decides what was recorded', () => {
    const same = new Map([
      ['MY|readiness', o('keep', 81.25)],
      ['MY|compliance', o('raise', 100)],
    ]);
    const w = week('2026-11-22');
    compareWeek(biz, same, new Map(same), w);
    expect([w.added, w.removed, w.changed]).toEqual([[], [], []]);
  });
});

describe('replay simulation of one business (simulateBusiness)', () => {
  const steady = {
    ...emptyMetrics(),
    ordersThisWeek: 3,
    orders13w: 39,
    value13wIdr: 150_000_000,
    repeatBuyers: 4,
    buyers13w: 4,
    repeatOrders13w: 39,
    heaviestParcelKg: 1.5,
    activeWeeks13: 13,
    activeMonths4: 4,
    peakWeekOrders: 3,
  };

  it('raises in the first week that meets the enter thresholds, keeps it, and compares only weeks with a record', () => {
    const weeks = [week('2026-11-08'), week('2026-11-15', false), week('2026-11-22')];
    const signals = weeks.map((w) => [{ businessId: 'b1', market: 'MY', metrics: { ...steady, lastOrderOn: w.asOf }, series: [] }]);
    const state = new Map<string, CurrentEpisode>();
    simulateBusiness({ ...biz, signals, recorded: [new Map(), new Map(), new Map([['MY|readiness', o('keep', 100)]])] }, state, RULE_SET_V1, weeks);
    expect(weeks.map((w) => w.raised.map((r) => `${r.market}/${r.kind}`))).toEqual([['MY/readiness'], [], []]);
    expect(weeks.map((w) => w.open)).toEqual([1, 1, 1]);
    expect(weeks[0].added.map((e) => e.draft?.decision)).toEqual(['raise']); // nothing was recorded that week
    expect(weeks[1].added).toEqual([]); // no run recorded: not compared
    expect(weeks[2].added).toEqual([]); // recorded keep at 100, draft keep at 100
    expect(weeks[2].changed).toEqual([]);
    expect([...state.keys()]).toEqual(['MY|readiness']);
  });

  it('resolves an episode from the starting state after the exit streak it carried in', () => {
    const weeks = [week('2026-11-22')];
    const state = new Map<string, CurrentEpisode>([['MY|readiness', { status: 'open', raisedOn: '2026-08-02', exitStreak: 1, statusChangedOn: '2026-08-02' }]]);
    simulateBusiness({ ...biz, signals: [[]], recorded: [new Map([['MY|readiness', o('resolve', 0)]])] }, state, RULE_SET_V1, weeks);
    expect(weeks[0].resolved.map((r) => `${r.market}/${r.kind}`)).toEqual(['MY/readiness']);
    expect(state.size).toBe(0);
    expect([weeks[0].added, weeks[0].removed, weeks[0].changed]).toEqual([[], [], []]);
  });
});
