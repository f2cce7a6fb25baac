import { MATERIALS, PRODUCT_CATEGORIES, SHIPPING_CHANNELS } from '../../common/reference-data';
import { errorId, FieldErrors } from '../forms';
import { html, SafeHtml } from '../html';
import { categoryLabel, channelLabel, COMMON_MARKETS, countriesSorted, countryName, Lang, materialLabel, tr } from '../i18n';
import { csrfField } from '../layout';
import type { WebCtx } from '../web-context';
import { CERTIFICATES, DEFAULT_ROUTE, fieldLabel, FormValues, orderErrorText, routeLabel, ROUTES } from './order-fields';

export interface OrderFormData {
  values: FormValues;
  errors: FieldErrors;
  /** currencies with rates, the frequent ones first */
  currencies: string[];
  /** today in WIB (YYYY-MM-DD): the date picker's default and upper bound */
  today: string;
}

/** Where a field's error shows: the route sentence stands for both `declaration` and `declaredBy`. */
const ANCHOR: Record<string, string> = { declaration: 'route' };

/** The hint under a field's label (its id `h-<field>` is in the input's aria-describedby). */
const HINTS: Record<string, [string, string]> = {
  buyerRef: [
    'Nama, akun Instagram/WhatsApp, atau email pembeli. Dipakai untuk mengenali pembeli berulang.',
    'Buyer’s name, Instagram/WhatsApp handle or email. Used to recognise repeat buyers.',
  ],
  amount: ['Total untuk pesanan ini, mis. 1450 atau 350,50', 'Total for this order, e.g. 1450 or 350.50'],
  declaration: ['Pilih yang paling sesuai. Jika ragu, pilih “Tidak tahu”.', 'Pick the closest. If unsure, choose “Don’t know”.'],
  weightKg: ['Kiriman di atas 30 kg wajib PEB (ekspor formal).', 'Consignments over 30 kg need a PEB (formal export).'],
  hsCode: ['Contoh: 4202.21 tas kulit, 4203.30 ikat pinggang', 'E.g. 4202.21 leather handbags, 4203.30 belts'],
  externalRef: [
    'Nomor dari catatan atau marketplace Anda; mencegah pesanan tercatat dua kali.',
    'From your own records or marketplace; prevents logging the same order twice.',
  ],
};

/** The mobile-first order form; every field labelled, the API's errors in Indonesian next to their field and listed on top. */
export function orderFormView(c: Pick<WebCtx, 'lang' | 'csrf'>, d: OrderFormData): SafeHtml {
  const l = c.lang;
  const { values: v, errors } = d;
  const text = (f: string) => (errors[f] ?? []).map((e) => orderErrorText(l, f, e)).join(' ');
  const err = (f: string) => (errors[f]?.length ? html`<p class="field-error" id="${errorId(f)}" role="alert">${text(f)}</p>` : '');
  // HS codes in a hint are codes to copy, not numbers: they are shown as <code>
  const codes = (s: string) => s.split(/(\b\d{4}\.\d{2}\b)/).map((part, i) => (i % 2 ? html`<code>${part}</code>` : part));
  const hint = (f: string) => (HINTS[f] ? html`<span class="hint" id="h-${f}">${codes(tr(l, HINTS[f][0], HINTS[f][1]))}</span>` : '');
  const aria = (f: string) => {
    const ids = [HINTS[f] ? `h-${f}` : '', errors[f]?.length ? errorId(f) : ''].filter(Boolean).join(' ');
    return html`${ids ? html` aria-describedby="${ids}"` : ''}${errors[f]?.length ? html` aria-invalid="true"` : ''}`;
  };
  /** label, hint and error of a field, ahead of its input */
  const head = (f: string) => html`<label for="f-${f}">${fieldLabel(l, f)}${hint(f)}</label>${err(f)}`;
  const input = (f: string, attrs: SafeHtml) => html`${head(f)}
<input id="f-${f}" name="${f}"${attrs} value="${v[f] ?? ''}"${aria(f)}>`;
  const choice = (name: string, value: string, text: string, on: boolean, required = false) =>
    html`<label><input type="radio" name="${name}" value="${value}"${on ? html` checked` : ''}${required ? html` required` : ''}><span>${text}</span></label>`;
  const radios = (f: string, keys: readonly string[], label: (l: Lang, k: string) => string) => html`
<fieldset id="f-${f}"${aria(f)}><legend>${fieldLabel(l, f)}</legend>${err(f)}
<div class="choices">${keys.map((k, i) => choice(f, k, label(l, k), v[f] === k, i === 0))}</div></fieldset>`;
  const option = (value: string, text: string, on: boolean) => html`<option value="${value}"${on ? html` selected` : ''}>${text}</option>`;
  const route = v.route ?? DEFAULT_ROUTE;
  const certificate = v.originCertificate ?? 'none';
  const country = v.destinationCountry;
  const listed = Object.keys(errors).filter((f) => f !== 'form');
  const optional = ['weightKg', 'hsCode', 'externalRef'].some((f) => errors[f] || v[f]);
  return html`<h1>${tr(l, 'Catat pesanan luar negeri', 'Log an overseas order')}</h1>
${
  listed.length
    ? html`<div class="alert bad" role="alert" id="error-summary">
<b>${tr(l, `Periksa ${listed.length} isian berikut; belum ada yang disimpan:`, `Please check ${listed.length} field(s); nothing was saved:`)}</b>
<ul>${listed.map((f) => html`<li><a href="#f-${ANCHOR[f] ?? f}">${fieldLabel(l, f)}: ${text(f)}</a></li>`)}</ul></div>`
    : ''
}
${errors.form?.length ? html`<div class="alert bad" role="alert">${errors.form.map((e) => e.message).join(' ')}</div>` : ''}
<form method="post" action="/pesanan" class="card" novalidate>
${csrfField(c)}<input type="hidden" name="_ref" value="${v._ref ?? ''}">
${head('orderedAt')}
<input id="f-orderedAt" name="orderedAt" type="date" max="${d.today}" required value="${v.orderedAt ?? d.today}"${aria('orderedAt')}>
${head('destinationCountry')}
<select id="f-destinationCountry" name="destinationCountry" required${aria('destinationCountry')}>
<option value="">${tr(l, '— pilih negara —', '— choose a country —')}</option>
<optgroup label="${tr(l, 'Sering dituju', 'Frequent')}">${COMMON_MARKETS.map((k) => option(k, countryName(l, k), country === k))}</optgroup>
<optgroup label="${tr(l, 'Semua negara', 'All countries')}">
${countriesSorted(l).map(([k, n]) => option(k, n, country === k && !COMMON_MARKETS.includes(k)))}</optgroup>
</select>
${input('buyerRef', html` maxlength="200" required autocomplete="off"`)}
${radios('productCategory', PRODUCT_CATEGORIES, categoryLabel)}
${radios('material', MATERIALS, materialLabel)}
${input('quantity', html` type="number" inputmode="numeric" min="1" max="100000" step="1" required`)}
<div class="row"><div class="grow2">
${input('amount', html` inputmode="decimal" autocomplete="off" required`)}
</div><div>
<label for="f-currency">${fieldLabel(l, 'currency')}<span class="hint">&nbsp;</span></label>${err('currency')}
<select id="f-currency" name="currency" required${aria('currency')}>${d.currencies.map((k) => option(k, k, (v.currency ?? 'MYR') === k))}</select>
</div></div>
${radios('shippingChannel', SHIPPING_CHANNELS, channelLabel)}
<fieldset id="f-route"${aria('declaration')}><legend>${fieldLabel(l, 'route')}${hint('declaration')}</legend>${err('declaration')}
<div class="choices sentences">${ROUTES.map((r) => choice('route', r.key, routeLabel(l, r), route === r.key))}</div></fieldset>
${head('originCertificate')}
<select id="f-originCertificate" name="originCertificate"${aria('originCertificate')}>
${CERTIFICATES.map((x) => option(x.key, tr(l, x.label[0], x.label[1]), certificate === x.key))}</select>
<details${optional ? html` open` : ''}><summary>${tr(l, 'Rincian lain (tidak wajib)', 'More details (optional)')}</summary>
${input('weightKg', html` inputmode="decimal" autocomplete="off"`)}
${input('hsCode', html` inputmode="decimal" autocomplete="off"`)}
${input('externalRef', html` maxlength="100" autocomplete="off"`)}
</details>
<div class="actions"><button type="submit">${tr(l, 'Simpan pesanan', 'Save order')}</button></div>
</form>`;
}
