import { html } from '../html';
import { volumeView } from './volume.views';

describe('volume view', () => {
  it('has one table per market with its total, each cell labelled for the phone layout', () => {
    const rows = [
      { month: '2026-11', market: 'CN', orders: 3, value_idr: '5000000', max_weight: '2.500' },
      { month: '2026-10', market: 'CN', orders: 1, value_idr: '2379832', max_weight: null },
      { month: '2026-11', market: 'MY', orders: 4, value_idr: '1250000', max_weight: '1.000' },
    ];
    const out = volumeView({ lang: 'id' }, { rows, flags: html`<section id="flags"></section>` }).value;
    expect(out).toContain('<section id="flags"></section>');
    expect(out).toContain('<h3 id="m-CN">Tiongkok — Rp\u00a07.379.832</h3>');
    expect(out).toContain('<h3 id="m-MY">Malaysia — Rp\u00a01.250.000</h3>');
    expect(out).toContain('<td data-label="Bulan">Nov 2026</td><td data-label="Pesanan" class="num">3</td>');
    expect(out).toContain('<td data-label="Kiriman terberat" class="num">2,5 kg</td>');
    expect(out).toContain('<td data-label="Kiriman terberat" class="num">–</td>');
  });

  it('says so when there were no orders', () => {
    expect(volumeView({ lang: 'en' }, { rows: [], flags: html`` }).value).toContain('No orders in the last 12 months.');
  });
});
