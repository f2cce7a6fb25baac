import type { BusinessDto } from '../../businesses/dto/business.dto';
import type { FlagDto } from '../../flags/dto/flag.dto';
import { ACTIVE_STATUSES, FlagStatus } from '../../flags/flag.types';
import type { RepeatBuyer } from '../../orders/orders-stats.repository';
import { ChartInput, weeklyChart } from '../chart';
import { errorSummary, fieldError, invalidAttrs } from '../forms';
import { dataTable, html, SafeHtml } from '../html';
import { countryName, dateLabel, Lang, materialLabel, rupiah, tr } from '../i18n';
import { csrfField } from '../layout';
import { flagCard, FlagTimeline, NO_HISTORY } from '../review/flag-card.views';
import type { WebCtx } from '../web-context';
import type { FormState } from './businesses.views';

export interface BusinessDetailData {
  business: BusinessDto;
  /** Emails of the business's accounts. */
  accounts: string[];
  buyers: RepeatBuyer[];
  chart: ChartInput;
  /** Every flag of the business, newest raised first. */
  flags: FlagDto[];
  /** Per flag its whole history, oldest first. */
  history: Map<string, FlagTimeline>;
  today: string;
  /** The invite form posted with errors. */
  invite?: FormState;
}

const value = (s: FormState | undefined, k: string, fallback: string): string => {
  const v = s?.values[k];
  return typeof v === 'string' ? v : fallback;
};

function profile(c: WebCtx, d: BusinessDetailData): SafeHtml {
  const l = c.lang;
  const b = d.business;
  const s = d.invite;
  // the business's own email is the first guess until someone has an account
  const email = d.accounts.length ? '' : (b.email ?? '');
  return html`<section class="card" aria-labelledby="profile-h"><h2 id="profile-h">${tr(l, 'Profil', 'Profile')}</h2><dl class="kv">
<dt>${tr(l, 'Kecamatan', 'District')}</dt><dd>${b.district}</dd><dt>${tr(l, 'Pemilik', 'Owner')}</dt><dd>${b.ownerName ?? '–'}</dd>
<dt>Email</dt><dd>${b.email ?? '–'}</dd><dt>${tr(l, 'Telepon', 'Phone')}</dt><dd>${b.phone ?? '–'}</dd><dt>NIB</dt><dd>${b.nib ?? '–'}</dd>
<dt>${tr(l, 'Akses kepabeanan', 'Customs access')}</dt><dd>${b.hasCustomsAccess ? tr(l, 'Ya', 'Yes') : tr(l, 'Belum', 'Not yet')}</dd>
<dt>${tr(l, 'Bahan', 'Materials')}</dt><dd>${b.materials.map((m) => materialLabel(l, m)).join(', ') || '–'}</dd>
<dt>${tr(l, 'Akun', 'Accounts')}</dt><dd>${d.accounts.join(', ') || '–'}</dd></dl>
<details id="invite"${s ? html` open` : ''}><summary>${tr(l, 'Undang pemilik usaha', 'Invite the owner')}</summary>
<form method="post" action="/dinas/usaha/${b.id}/undang">${csrfField(c)}${errorSummary(l, s?.errors)}
<label for="inv-email">Email</label>
<input id="inv-email" name="email" type="email" required value="${value(s, 'email', email)}"${invalidAttrs(s?.errors, 'email')}>
${fieldError(l, s?.errors, 'email')}
<label for="inv-name">${tr(l, 'Nama', 'Name')}</label>
<input id="inv-name" name="name" value="${value(s, 'name', b.ownerName ?? '')}"${invalidAttrs(s?.errors, 'name')}>
${fieldError(l, s?.errors, 'name')}
<div class="actions"><button type="submit">${tr(l, 'Kirim undangan', 'Send invitation')}</button></div></form></details></section>`;
}

/** Pseudonyms A, B, … Z, A1 …: a buyer's name never reaches the page. */
const buyerName = (i: number): string => `${String.fromCharCode(65 + (i % 26))}${i >= 26 ? Math.floor(i / 26) : ''}`;

function repeatBuyers(l: Lang, buyers: RepeatBuyer[]): SafeHtml {
  const table = dataTable<RepeatBuyer>(
    [
      {
        label: tr(l, 'Pembeli', 'Buyer'),
        cell: (r, i) => html`<span title="${r.buyer_key}">${tr(l, 'Pembeli', 'Buyer')} ${buyerName(i)} · <code>${r.buyer_key.slice(0, 6)}</code></span>`,
      },
      { label: tr(l, 'Pasar', 'Market'), cell: (r) => countryName(l, r.market) },
      { label: tr(l, 'Pesanan', 'Orders'), cell: (r) => r.orders, num: true },
      { label: tr(l, 'Nilai', 'Value'), cell: (r) => rupiah(l, r.value_idr), num: true },
      { label: tr(l, 'Terakhir', 'Last'), cell: (r) => html`<span class="num">${dateLabel(l, r.last_on)}</span>` },
    ],
    buyers,
    { id: 'repeat-buyers' },
  );
  return html`<section class="card" aria-labelledby="buyers-h"><h2 id="buyers-h">${tr(l, 'Pembeli berulang (13 minggu)', 'Repeat buyers (13 weeks)')}</h2>
<p class="muted">${tr(l, 'Pembeli ditampilkan dengan kode samaran, bukan nama.', 'Buyers are shown by pseudonym, never by name.')}</p>
${buyers.length ? table : html`<p>${tr(l, 'Belum ada pembeli berulang.', 'No repeat buyers yet.')}</p>`}</section>`;
}

/** An officer's page of one business: profile and invite, repeat buyers, 18 months of orders, and its flags with their history. */
export function businessDetailView(c: WebCtx, d: BusinessDetailData): SafeHtml {
  const l = c.lang;
  const b = d.business;
  const active = (f: FlagDto) => ACTIVE_STATUSES.includes(f.status as FlagStatus);
  const card = (f: FlagDto) =>
    flagCard(c, { flag: f, history: d.history.get(f.id) ?? NO_HISTORY, back: `/dinas/usaha/${b.id}`, today: d.today, historyMode: 'collapsed' });
  const current = d.flags.filter(active);
  const past = d.flags.filter((f) => !active(f));
  return html`<h1>${b.name}</h1>
<div class="cols">${profile(c, d)}${repeatBuyers(l, d.buyers)}</div>
<section class="card" aria-labelledby="chart-h"><h2 id="chart-h">${tr(l, 'Pesanan mingguan, 18 bulan terakhir', 'Weekly orders, last 18 months')}</h2>
${weeklyChart(l, d.chart)}</section>
<h2>${tr(l, 'Bendera saat ini', 'Current flags')}</h2>
${current.length ? current.map(card) : html`<p class="card">${tr(l, 'Tidak ada bendera aktif.', 'No active flag.')}</p>`}
${past.length ? html`<h2>${tr(l, 'Riwayat bendera', 'Flag history')}</h2>${past.map(card)}` : ''}`;
}
