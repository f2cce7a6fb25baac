import { html, SafeHtml } from '../html';
import { countryName, monthLabel, num, rupiah, tr } from '../i18n';
import type { MonthlyVolume } from '../web-read.repository';
import type { WebCtx } from '../web-context';

export interface VolumeData {
  /** months × markets, newest month first (WebReadRepository.monthlyVolume) */
  rows: MonthlyVolume[];
  /** the owner's flags and paperwork section, rendered by BusinessFlagsView */
  flags: SafeHtml;
}

/** The owner's volume per destination for the last 12 months, one table per market, under the flags. */
export function volumeView(c: Pick<WebCtx, 'lang'>, d: VolumeData): SafeHtml {
  const l = c.lang;
  const markets = [...new Set(d.rows.map((r) => r.market))];
  const h = { month: tr(l, 'Bulan', 'Month'), orders: tr(l, 'Pesanan', 'Orders'), value: tr(l, 'Nilai', 'Value'), heaviest: tr(l, 'Kiriman terberat', 'Heaviest parcel') };
  return html`<h1>${tr(l, 'Volume bulanan & dokumen', 'Monthly volume & paperwork')}</h1>
${d.flags}
<h2>${tr(l, 'Volume per negara tujuan (12 bulan terakhir)', 'Volume per destination (last 12 months)')}</h2>
${markets.length === 0 ? html`<p class="card">${tr(l, 'Belum ada pesanan dalam 12 bulan terakhir.', 'No orders in the last 12 months.')}</p>` : markets.map((m) => {
  const mine = d.rows.filter((r) => r.market === m);
  const total = mine.reduce((s, r) => s + Number(r.value_idr), 0);
  return html`<section class="card" aria-labelledby="m-${m}"><h3 id="m-${m}">${countryName(l, m)} — ${rupiah(l, total)}</h3>
<div class="scroll"><table class="rows volume" aria-labelledby="m-${m}"><thead><tr><th scope="col">${h.month}</th><th scope="col" class="n">${h.orders}</th><th scope="col" class="n">${h.value}</th><th scope="col" class="n">${h.heaviest}</th></tr></thead>
<tbody>${mine.map((r) => html`<tr><td data-label="${h.month}">${monthLabel(l, r.month)}</td><td data-label="${h.orders}" class="n">${num(l, r.orders)}</td>
<td data-label="${h.value}" class="n">${rupiah(l, r.value_idr)}</td><td data-label="${h.heaviest}" class="n">${r.max_weight ? `${num(l, r.max_weight)} kg` : '–'}</td></tr>`)}</tbody></table></div></section>`;
})}`;
}
