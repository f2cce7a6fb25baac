import { DEFAULT_RULE_SET, validateRuleSet } from './rule-set';
import { DEFAULT_SCORECARD, scorecardOf } from './scorecard-params';

describe('rule set scorecard block', () => {
  it('is optional: a rule set without it reads the documented defaults', () => {
    expect(validateRuleSet(DEFAULT_RULE_SET).ok).toBe(true);
    expect(scorecardOf(DEFAULT_RULE_SET)).toEqual({
      monthlyTargetIdr: 20_000_000,
      kualitasMinRepeatShare: 0.4,
      kontinuitasMinMonths: 4,
      capacityCoachingShare: 0.8,
    });
  });

  it('accepts a full block and keeps it', () => {
    const scorecard = { monthlyTargetIdr: 30_000_000, kualitasMinRepeatShare: 0.5, kontinuitasMinMonths: 5, capacityCoachingShare: 0.9 };
    const v = validateRuleSet({ ...DEFAULT_RULE_SET, scorecard });
    expect(v).toEqual({ ok: true, params: { ...DEFAULT_RULE_SET, scorecard } });
    expect(scorecardOf(v.ok ? v.params : undefined)).toEqual(scorecard);
  });

  it('names each bad field of the block', () => {
    const v = validateRuleSet({
      ...DEFAULT_RULE_SET,
      scorecard: { ...DEFAULT_SCORECARD, kontinuitasMinMonths: 7, kualitasMinRepeatShare: 'half', capacityCoachingShare: 0, extra: 1 },
    });
    expect(v.ok ? [] : v.errors).toEqual([
      'params.scorecard.extra: unknown field (not allowed)',
      'params.scorecard.kualitasMinRepeatShare: must be a number',
      'params.scorecard.kontinuitasMinMonths: must be between 0 and 6',
      'params.scorecard.capacityCoachingShare: must be between 0.01 and 10',
    ]);
    const notObject = validateRuleSet({ ...DEFAULT_RULE_SET, scorecard: [1] });
    expect(notObject.ok ? [] : notObject.errors).toEqual(['params.scorecard: must be an object']);
  });
});
