import type { ScorecardDto } from '../../scorecard/dto/scorecard.dto';
import type { WebCtx } from '../web-context';
import { capacityForm, scorecardView } from './scorecard.views';

const ctx = (lang: 'id' | 'en' = 'id'): WebCtx => ({ lang, csrf: 'tok', path: '/pesanan/kapasitas', secure: false });
const card = (capacityUnits: number | null): ScorecardDto => ({
  businessId: 'b1',
  asOf: '2026-11-24',
  months: Array.from({ length: 12 }, (_, i) => {
    const m = ((11 + i) % 12) + 1;
    return {
      month: `${i === 0 ? 2025 : 2026}-${String(m).padStart(2, '0')}`,
      orders: i,
      units: i * 3,
      valueIdr: i * 2_500_000,
      buyers: 1,
      repeatBuyers: 0,
      capacityUnits,
      targetValueIdr: 20_000_000,
    };
  }),
  kualitas: { value: 0.25, target: 0.4, hit: false, reason: '<b>1 dari 4</b>' },
  kuantitas: { value: 25_000_000, target: 20_000_000, hit: true, reason: 'r2' },
  kontinuitas: { value: 6, target: 4, hit: true, reason: 'r3' },
});

describe('scorecard views', () => {
  it('draws 12 bars per panel with the target and capacity lines, and the three K’s with escaped reasons', () => {
    const out = String(scorecardView('id', card(30)));
    expect(out.match(/<rect class="bar"/g)).toHaveLength(24);
    expect(out).toContain('data-month="2025-12" data-value="0"');
    expect(out).toContain('data-month="2026-11" data-value="27500000"');
    expect(out).toContain('<g class="threshold" data-value="20000000">');
    expect(out).toContain('<g class="threshold" data-value="30">');
    expect(out).toContain('&lt;b&gt;1 dari 4&lt;/b&gt;');
    expect(out).toContain('<span data-k="kualitas" data-hit="false">✘ belum</span>');
    expect(out).toContain('Rp\u00a025.000.000');
    expect(out).toContain('6 bulan');
    expect(out).not.toContain('Kapasitas bulanan belum dinyatakan');
  });

  it('says when no capacity is declared, and draws no capacity line; English labels', () => {
    const out = String(scorecardView('en', card(null)));
    expect(out).toContain('No monthly capacity declared.');
    expect(out.match(/<g class="threshold"/g)).toHaveLength(1);
    expect(out).toContain('3K scorecard, 12 months');
    expect(out).toContain('Rp\u00a025,000,000');
  });

  it('the capacity form shows the declared numbers, or what was typed with the error beside its field', () => {
    const plain = String(capacityForm(ctx(), '/pesanan/kapasitas', { bag: 40 }));
    expect(plain).toContain('id="cap_bag" name="cap_bag" inputmode="numeric" value="40"');
    expect(plain).toContain('id="cap_belt" name="cap_belt" inputmode="numeric" value=""');
    const failed = String(
      capacityForm(
        ctx(),
        '/pesanan/kapasitas',
        { bag: 40 },
        { values: { cap_bag: '-1' }, errors: { cap_bag: [{ rule: 'min', message: 'must not be less than 0' }] } },
      ),
    );
    expect(failed).toContain('value="-1" aria-invalid="true" aria-describedby="err-cap_bag"');
    expect(failed).toContain('Tidak boleh kurang dari 0.');
    expect(failed).toContain('<details class="card" id="kapasitas" open>');
  });
});
