import type { RuleSetDto } from '../../flags/dto/rule-set.dto';
import { DEFAULT_RULE_SET, RULE_SET_V1, validateRuleSet } from '../../flags/rule-set';
import { explainRuleSet } from '../../flags/rule-set-docs';
import type { ReplayResultDto } from '../../watch/dto/watch.dto';
import { diffSummary } from '../../watch/replay.service';
import { draftParams, inputValue, ruleErrors, ruleErrorText, ruleFields, valueLabel } from './rule-form';
import { draftForm, draftFromRuleSet, replayPage, rulesPage } from './rules.views';

const ruleSet = (params = DEFAULT_RULE_SET, version = 2): RuleSetDto => ({
  version,
  params: params as unknown as Record<string, unknown>,
  note: null,
  createdAt: '2026-11-01T01:00:00Z',
  createdBy: 'admin:<key>',
  current: true,
  explain: explainRuleSet(params),
});
const ctx = { lang: 'id' as const, csrf: 'tok' };

describe('rules page: the draft form', () => {
  it('has one field per parameter of the version, grouped, with Indonesian numbers and units', () => {
    const fields = ruleFields('id', ruleSet().params, ruleSet().explain);
    expect(fields.filter((f) => f.group === 'enter')).toHaveLength(15);
    const compliance = fields.filter((f) => f.group === 'compliance').map((f) => f.path);
    expect(compliance).toEqual(['compliance.enterMinWildlifeOrders13w', 'compliance.stayMinWildlifeOrders13w']);
    const value = fields.find((f) => f.path === 'readiness.enter.minValue13wIdr')!;
    expect([inputValue('id', value, 50_000_000), inputValue('en', value, 50_000_000)]).toEqual(['50.000.000', '50000000']);
    expect(valueLabel('id', value, 50_000_000)).toBe('Rp\u00a050.000.000');
    const share = fields.find((f) => f.path === 'readiness.enter.maxPeakWeekShare')!;
    expect([inputValue('id', share, 0.35), valueLabel('en', share, 0.07)]).toEqual(['35', '7%']);
    expect(
      valueLabel(
        'id',
        fields.find((f) => f.path === 'readiness.stay.quietGapFactor')!,
        1.5,
      ),
    ).toBe('1,5×');
    expect(
      valueLabel(
        'id',
        fields.find((f) => f.path === 'dismissalExpiresAfterWeeks')!,
        null,
      ),
    ).toBe('tidak ada');
    // a v1 rule set has no rhythm fields
    expect(ruleFields('en', ruleSet(RULE_SET_V1, 1).params, ruleSet(RULE_SET_V1, 1).explain).map((f) => f.path)).not.toContain('rhythm.minGaps');
  });

  it('turns the typed values back into the draft the validator checks (percent to ratio, empty to null or missing)', () => {
    const rs = ruleSet();
    const fields = ruleFields('id', rs.params, rs.explain);
    const values = {
      ...draftFromRuleSet('id', rs, '2026-06-01', '2026-11-25').values,
      'readiness.enter.maxPeakWeekShare': '40',
      'readiness.enter.minValue13wIdr': '45.500.000',
      'readiness.stay.minCoverage': '',
    };
    const draft = draftParams(fields, rs.params, values) as unknown as typeof DEFAULT_RULE_SET;
    expect(draft.readiness.enter).toMatchObject({ maxPeakWeekShare: 0.4, minValue13wIdr: 45_500_000 });
    expect(draft.dismissalExpiresAfterWeeks).toBeNull();
    expect(draft.readiness.stay.minCoverage).toBeUndefined();
    const checked = validateRuleSet(draft);
    expect(checked.ok).toBe(false);
    const errors = ruleErrors(checked.ok ? [] : checked.errors);
    expect(Object.keys(errors)).toEqual(['readiness.stay.minCoverage']);
    expect(ruleErrorText('id', errors['readiness.stay.minCoverage'][0].message)).toBe('Harus berupa angka.');
    // the same draft with every field as it was is what the rule set holds
    expect(draftParams(fields, rs.params, draftFromRuleSet('id', rs, '', '').values)).toEqual(rs.params);
  });

  it("words the validator's rules in the page language, percent limits in percent", () => {
    expect(ruleErrorText('id', 'must be between 0 and 1', 'pct')).toBe('Harus antara 0% dan 100%.');
    expect(ruleErrorText('en', 'must be between 0 and 1000000000000000')).toBe('Must be between 0 and 1,000,000,000,000,000.');
    expect(ruleErrorText('id', 'must be an integer')).toBe('Harus bilangan bulat.');
    expect(ruleErrorText('id', 'must be null or an integer between 1 and 520')).toBe('Kosongkan, atau isi bilangan bulat 1–520.');
    expect(ruleErrorText('id', 'at most 104 weeks per replay')).toBe('Paling banyak 104 minggu per replay.');
    expect(ruleErrors(['params.readiness.stay: stay thresholds must not be stricter than enter thresholds', 'to: must not be before from'])).toEqual({
      'readiness.stay': [{ rule: 'ruleSet', message: 'stay thresholds must not be stricter than enter thresholds' }],
      to: [{ rule: 'ruleSet', message: 'must not be before from' }],
    });
  });

  it('renders the errors beside their fields and groups, keeping what was typed, escaped', () => {
    const rs = ruleSet();
    const draft = { ...draftFromRuleSet('id', rs, '2026-06-01', '2026-11-25'), note: '<b>catatan</b>' };
    draft.values['readiness.enter.minActiveWeeks'] = '"14"';
    const out = draftForm(ctx, rs, draft, {
      'readiness.enter.minActiveWeeks': [{ rule: 'ruleSet', message: 'must be between 0 and 13' }],
      'readiness.stay': [{ rule: 'ruleSet', message: 'stay limits must not be stricter than enter limits' }],
    }).value;
    expect(out).toContain('value="&quot;14&quot;" aria-describedby="h-readiness-enter-minActiveWeeks err-readiness-enter-minActiveWeeks" aria-invalid="true">');
    expect(out).toContain('<p class="field-error" id="err-readiness-enter-minActiveWeeks" role="alert">Harus antara 0 dan 13.</p>');
    expect(out).toContain('id="err-group-stay">Ambang bertahan tidak boleh lebih ketat daripada ambang masuk.</p>');
    expect(out).toContain('Periksa 2 kolom yang ditandai');
    expect(out).toContain('value="&lt;b&gt;catatan&lt;/b&gt;"');
    expect(out).toContain('<details id="rule-json">');
    const page = rulesPage({ lang: 'en', csrf: 'tok' }, { versions: [rs], current: rs, draft: draftFromRuleSet('en', rs, '2026-06-01', '2026-11-25') }).value;
    expect(page).toContain('<td data-label="By">admin:&lt;key&gt;</td>');
    expect(page).toContain('<legend><h3>Stay</h3></legend>');
    expect(page).toContain('Busiest week share, at most <span class="muted">(%)</span>');
  });
});

describe('rules page: the replay result', () => {
  const result = (status: string): ReplayResultDto => {
    const raised = [{ businessId: 'b1', businessName: 'Ulla', district: 'Lasem', market: 'MY', kind: 'readiness', score: 80 }];
    const weeks = [{ week: '2026-W47', asOf: '2026-11-22', open: 1, raised, resolved: [], diff: { compared: false, added: [], removed: [], changed: [] } }];
    return { id: 'r', status, from: '2026-11-22', to: '2026-11-22', ruleSetVersion: null, weeksTotal: 1, weeksDone: 1, weeks, diffSummary: diffSummary(weeks) };
  };
  const rs = ruleSet();
  const data = (status: string) => ({ current: rs, draft: draftFromRuleSet('id', rs, '2026-11-16', '2026-11-25'), result: result(status), params: rs.params });

  it('shows what would be raised per week, and the publish form to admins only once the replay completed', () => {
    const admin = replayPage({ ...ctx, admin: true }, data('completed')).value;
    expect(admin).toContain('Status: Selesai. 1 dari 1 minggu');
    expect(admin).toContain('<td data-label="Ditandai"><div><a href="/dinas/usaha/b1">Ulla</a> · Malaysia · Kesiapan ekspor</div>');
    expect(admin).toContain('<b>1</b>akan ditandai');
    expect(admin).toMatch(/id="publish">.*name="params" value="\{&quot;readiness&quot;/s);
    expect(replayPage({ ...ctx, admin: false }, data('completed')).value).toContain('Hanya admin yang dapat menerbitkan');
    const running = replayPage({ ...ctx, admin: true }, data('running')).value;
    expect(running).toContain('Status: Berjalan.');
    expect(running).not.toContain('id="publish"');
  });
});
