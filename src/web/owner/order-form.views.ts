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

/** The mobile-first order form; every field labelled, the API's errors in Indonesian next to their field and listed on top. */
export function orderFormView(c: Pick<WebCtx, 'lang' | 'csrf'>, d: OrderFormData): SafeHtml {
  const l = c.lang;
  const { values: v, errors } = d;
  const text = (f: string) => (errors[f] ?? []).map((e) => orderErrorText(l, f, e)).join(' ');
  const err = (f: string) => (errors[f]?.length ? html`<p class="field-error" id="${errorId(f)}" role="alert">${text(f)}</p>` : '');
  const aria = (f: string, hint?: boolean) => {
    const ids = [hint ? `h-${f}` : '', errors[f]?.length ? errorId(f) : ''].filter(Boolean).join(' ');
    return html`${ids ? html` aria-describedby="${ids}"` : ''}${errors[f]?.length ? html` aria-invalid="true"` : ''}`;
  };
  const radios = (f: string, keys: readonly string[], label: (l: Lang, k: string) => string) => html`
<fieldset id="f-${f}"${aria(f)}><legend>${fieldLabel(l, f)}</legend>${err(f)}<div class="choices">${keys.map((k, i) => html`<label><input type="radio" name="${f}" value="${k}"${v[f] === k ? html` checked` : ''}${i === 0 ? html` required` : ''}><span>${label(l, k)}</span></label>`)}</div></fieldset>`;
  const route = v.route ?? DEFAULT_ROUTE;
  const certificate = v.originCertificate ?? 'none';
  const listed = Object.keys(errors).filter((f) => f !== 'form');
  const selected = (on: boolean) => (on ? html` selected` : '');
  return html`
${listed.length ? html`<div class="alert bad" role="alert" id="error-summary"><b>${tr(l, `Periksa ${listed.length} isian berikut; belum ada yang disimpan:`, `Please check ${listed.length} field(s); nothing was saved:`)}</b>
<ul>${listed.map((f) => html`<li><a href="#f-${ANCHOR[f] ?? f}">${fieldLabel(l, f)}: ${text(f)}</a></li>`)}</ul></div>` : ''}
${errors.form?.length ? html`<div class="alert bad" role="alert">${errors.form.map((e) => e.message).join(' ')}</div>` : ''}
<form method="post" action="/pesanan" class="card" novalidate>
${csrfField(c)}<input type="hidden" name="_ref" value="${v._ref ?? ''}">
<label for="f-orderedAt">${fieldLabel(l, 'orderedAt')}</label>${err('orderedAt')}
<input id="f-orderedAt" name="orderedAt" type="date" max="${d.today}" required value="${v.orderedAt ?? d.today}"${aria('orderedAt')}>
<label for="f-destinationCountry">${fieldLabel(l, 'destinationCountry')}</label>${err('destinationCountry')}
<select id="f-destinationCountry" name="destinationCountry" required${aria('destinationCountry')}>
<option value="">${tr(l, '— pilih negara —', '— choose a country —')}</option>
<optgroup label="${tr(l, 'Sering dituju', 'Frequent')}">${COMMON_MARKETS.map((k) => html`<option value="${k}"${selected(v.destinationCountry === k)}>${countryName(l, k)}</option>`)}</optgroup>
<optgroup label="${tr(l, 'Semua negara', 'All countries')}">${countriesSorted(l).map(([k, n]) => html`<option value="${k}"${selected(v.destinationCountry === k && !COMMON_MARKETS.includes(k))}>${n}</option>`)}</optgroup>
</select>
<label for="f-buyerRef">${fieldLabel(l, 'buyerRef')}<span class="hint" id="h-buyerRef">${tr(l, 'Nama, akun Instagram/WhatsApp, atau email pembeli. Dipakai untuk mengenali pembeli berulang.', 'Buyer’s name, Instagram/WhatsApp handle or email. Used to recognise repeat buyers.')}</span></label>${err('buyerRef')}
<input id="f-buyerRef" name="buyerRef" maxlength="200" required autocomplete="off" value="${v.buyerRef ?? ''}"${aria('buyerRef', true)}>
${radios('productCategory', PRODUCT_CATEGORIES, categoryLabel)}
${radios('material', MATERIALS, materialLabel)}
<label for="f-quantity">${fieldLabel(l, 'quantity')}</label>${err('quantity')}
<input id="f-quantity" name="quantity" type="number" inputmode="numeric" min="1" max="100000" step="1" required value="${v.quantity ?? ''}"${aria('quantity')}>
<div class="row"><div class="grow2">
<label for="f-amount">${fieldLabel(l, 'amount')}<span class="hint" id="h-amount">${tr(l, 'Total untuk pesanan ini, mis. 1450 atau 350,50', 'Total for this order, e.g. 1450 or 350.50')}</span></label>${err('amount')}
<input id="f-amount" name="amount" inputmode="decimal" autocomplete="off" required value="${v.amount ?? ''}"${aria('amount', true)}>
</div><div>
<label for="f-currency">${fieldLabel(l, 'currency')}<span class="hint">&nbsp;</span></label>${err('currency')}
<select id="f-currency" name="currency" required${aria('currency')}>${d.currencies.map((k) => html`<option value="${k}"${selected((v.currency ?? 'MYR') === k)}>${k}</option>`)}</select>
</div></div>
${radios('shippingChannel', SHIPPING_CHANNELS, channelLabel)}
<fieldset id="f-route"${aria('declaration', true)}><legend>${fieldLabel(l, 'route')}<span class="hint" id="h-declaration">${tr(l, 'Pilih yang paling sesuai. Jika ragu, pilih “Tidak tahu”.', 'Pick the closest. If unsure, choose “Don’t know”.')}</span></legend>${err('declaration')}
<div class="choices sentences">${ROUTES.map((r) => html`<label><input type="radio" name="route" value="${r.key}"${route === r.key ? html` checked` : ''}><span>${routeLabel(l, r)}</span></label>`)}</div></fieldset>
<label for="f-originCertificate">${fieldLabel(l, 'originCertificate')}</label>${err('originCertificate')}
<select id="f-originCertificate" name="originCertificate"${aria('originCertificate')}>${CERTIFICATES.map((x) => html`<option value="${x.key}"${selected(certificate === x.key)}>${tr(l, x.label[0], x.label[1])}</option>`)}</select>
<details${['weightKg', 'hsCode', 'externalRef'].some((f) => errors[f] || v[f]) ? html` open` : ''}><summary>${tr(l, 'Rincian lain (tidak wajib)', 'More details (optional)')}</summary>
<label for="f-weightKg">${fieldLabel(l, 'weightKg')}<span class="hint" id="h-weightKg">${tr(l, 'Kiriman di atas 30 kg wajib PEB (ekspor formal).', 'Consignments over 30 kg need a PEB (formal export).')}</span></label>${err('weightKg')}
<input id="f-weightKg" name="weightKg" inputmode="decimal" autocomplete="off" value="${v.weightKg ?? ''}"${aria('weightKg', true)}>
<label for="f-hsCode">${fieldLabel(l, 'hsCode')}<span class="hint" id="h-hsCode">${tr(l, 'Contoh: 4202.21 tas kulit, 4203.30 ikat pinggang', 'E.g. 4202.21 leather handbags, 4203.30 belts')}</span></label>${err('hsCode')}
<input id="f-hsCode" name="hsCode" inputmode="decimal" autocomplete="off" value="${v.hsCode ?? ''}"${aria('hsCode', true)}>
<label for="f-externalRef">${fieldLabel(l, 'externalRef')}<span class="hint" id="h-externalRef">${tr(l, 'Nomor dari catatan atau marketplace Anda; mencegah pesanan tercatat dua kali.', 'From your own records or marketplace; prevents logging the same order twice.')}</span></label>${err('externalRef')}
<input id="f-externalRef" name="externalRef" maxlength="100" autocomplete="off" value="${v.externalRef ?? ''}"${aria('externalRef', true)}>
</details>
<div class="actions"><button type="submit">${tr(l, 'Simpan pesanan', 'Save order')}</button></div>
</form>`;
}
