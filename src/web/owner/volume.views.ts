import { Column, dataTable, html, SafeHtml } from '../html';
import { countryName, monthLabel, num, rupiah, tr } from '../i18n';
import type { MonthlyVolume } from '../../orders/orders-stats.repository';
import type { WebCtx } from '../web-context';

export interface VolumeData {
  /** months × markets, newest month first (OrdersStatsRepository.monthlyVolume) */
  rows: MonthlyVolume[];
  /** the owner's flags and paperwork section, rendered by BusinessFlagsView */
  flags: SafeHtml;
}

/** The owner's volume per destination for the last 12 months, one table per market, under the flags. */
export function volumeView(c: Pick<WebCtx, 'lang'>, d: VolumeData): SafeHtml {
  const l = c.lang;
  const markets = [...new Set(d.rows.map((r) => r.market))];
  const columns: Column<MonthlyVolume>[] = [
    { label: tr(l, 'Bulan', 'Month'), cell: (r) => monthLabel(l, r.month) },
    { label: tr(l, 'Pesanan', 'Orders'), num: true, cell: (r) => num(l, r.orders) },
    { label: tr(l, 'Nilai', 'Value'), num: true, cell: (r) => rupiah(l, r.value_idr) },
    { label: tr(l, 'Kiriman terberat', 'Heaviest parcel'), num: true, cell: (r) => (r.max_weight ? `${num(l, r.max_weight)} kg` : '–') },
  ];
  return html`<h1>${tr(l, 'Volume bulanan & dokumen', 'Monthly volume & paperwork')}</h1>
${d.flags}
<h2>${tr(l, 'Volume per negara tujuan (12 bulan terakhir)', 'Volume per destination (last 12 months)')}</h2>
${
  markets.length === 0
    ? html`<p class="card">${tr(l, 'Belum ada pesanan dalam 12 bulan terakhir.', 'No orders in the last 12 months.')}</p>`
    : markets.map((m) => {
        const mine = d.rows.filter((r) => r.market === m);
        const total = mine.reduce((s, r) => s + Number(r.value_idr), 0);
        return html`<section class="card" aria-labelledby="m-${m}"><h3 id="m-${m}">${countryName(l, m)} — ${rupiah(l, total)}</h3>
${dataTable(columns, mine)}</section>`;
      })
}`;
}
