import { randomBytes } from 'node:crypto';
import { MATERIALS, PRODUCT_CATEGORIES, SHIPPING_CHANNELS } from '../common/reference-data';
import { ORDER_FIELDS } from '../orders/order-input';
import { html, SafeHtml } from './html';
import { categoryLabel, channelLabel, COMMON_MARKETS, countriesSorted, countryName, Lang, materialLabel, tr } from './i18n';
import { csrfField } from './layout';
import type { WebCtx } from './web-context';

export type FormValues = Record<string, string>;
export type FieldErrors = Record<string, string>;

/** "1.450,50" (Indonesian) or "1450.50" → "1450.50"; anything else is passed on for the validator to name. */
export function normaliseAmount(input: string): string {
  let s = input.replace(/\s|rp/gi, '');
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  else if ((s.match(/\./g) ?? []).length > 1) s = s.replace(/\./g, '');
  return s;
}

/** Form strings → the order contract's JSON shape (numbers where the contract wants numbers; empty = absent). */
export function formToOrder(v: FormValues): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of ORDER_FIELDS) {
    const raw = (v[f] ?? '').trim();
    if (!raw) continue;
    if (f === 'quantity') o[f] = /^\d+$/.test(raw) ? Number(raw) : raw;
    else if (f === 'weightKg') {
      const w = raw.replace(',', '.');
      o[f] = /^\d+(\.\d+)?$/.test(w) ? Number(w) : raw;
    } else if (f === 'amount') o[f] = normaliseAmount(raw);
    else o[f] = raw;
  }
  if (!o.externalRef && v._ref) o.externalRef = v._ref;
  return o;
}

/** The validator's English "field: rule" messages as Indonesian (or English) sentences per field. */
export function fieldErrors(lang: Lang, messages: string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const m of messages) {
    const i = m.indexOf(':');
    const field = i > 0 ? m.slice(0, i) : 'form';
    const rule = i > 0 ? m.slice(i + 1).trim() : m;
    if (out[field]) continue;
    out[field] = explain(lang, field, rule);
  }
  return out;
}

function explain(l: Lang, field: string, rule: string): string {
  if (rule === 'is required') return tr(l, 'Wajib diisi.', 'Required.');
  switch (field) {
    case 'orderedAt':
      return /future/.test(rule) ? tr(l, 'Tanggal tidak boleh di masa depan.', 'The date must not be in the future.') : tr(l, 'Isi tanggal yang benar.', 'Enter a valid date.');
    case 'destinationCountry':
      return /other than ID/.test(rule)
        ? tr(l, 'Pesanan di dalam Indonesia bukan ekspor. Pilih negara tujuan di luar negeri.', 'Orders within Indonesia are not exports. Choose a country abroad.')
        : tr(l, 'Pilih negara tujuan dari daftar.', 'Choose the destination country from the list.');
    case 'buyerRef':
      return tr(l, 'Isi nama atau akun pembeli (1–200 karakter).', 'Enter the buyer’s name or handle (1–200 characters).');
    case 'productCategory':
    case 'material':
    case 'shippingChannel':
      return tr(l, 'Pilih salah satu pilihan.', 'Choose one of the options.');
    case 'quantity':
      return tr(l, 'Isi jumlah barang: bilangan bulat 1 sampai 100.000.', 'Enter the number of items: a whole number from 1 to 100,000.');
    case 'currency': {
      const m = /rates start (\d{4}-\d{2}-\d{2})/.exec(rule);
      return m
        ? tr(l, `Belum ada kurs mata uang ini pada tanggal pesanan (kurs mulai ${m[1]}).`, `No rate for this currency on the order date (rates start ${m[1]}).`)
        : tr(l, 'Pilih mata uang dari daftar.', 'Choose a currency from the list.');
    }
    case 'amount': {
      let m = /at most (\d+) decimal places for (\w+)/.exec(rule);
      if (m) return tr(l, `Paling banyak ${m[1]} angka di belakang koma untuk ${m[2]}.`, `At most ${m[1]} decimal places for ${m[2]}.`);
      m = /(\w+) has no decimal places/.exec(rule);
      if (m) return tr(l, `${m[1]} tidak memakai angka desimal.`, `${m[1]} has no decimal places.`);
      if (/without a valid currency/.test(rule)) return tr(l, 'Pilih mata uang yang benar dulu.', 'Choose a valid currency first.');
      if (/at most 9+/.test(rule)) return tr(l, 'Nilai terlalu besar.', 'The amount is too large.');
      return tr(l, 'Isi nilai lebih dari 0, misalnya 1450 atau 350,50.', 'Enter an amount above 0, e.g. 1450 or 350.50.');
    }
    case 'weightKg':
      return tr(l, 'Isi berat lebih dari 0 dan paling banyak 10.000 kg, misalnya 1,2.', 'Enter a weight above 0 and at most 10,000 kg, e.g. 1.2.');
    case 'hsCode':
      return tr(l, 'Isi 4–10 angka, misalnya 4202.21.', 'Enter 4 to 10 digits, e.g. 4202.21.');
    case 'externalRef':
      return tr(l, 'Nomor pesanan 1–100 karakter.', 'Order number of 1–100 characters.');
    default:
      return rule;
  }
}

export function newFormRef(): string {
  return `WEB-${randomBytes(6).toString('hex').toUpperCase()}`;
}

const FIELD_LABEL: Record<string, [string, string]> = {
  orderedAt: ['Tanggal pesanan', 'Order date'],
  destinationCountry: ['Negara tujuan', 'Destination country'],
  buyerRef: ['Pembeli', 'Buyer'],
  productCategory: ['Jenis produk', 'Product'],
  material: ['Bahan', 'Material'],
  quantity: ['Jumlah barang', 'Number of items'],
  amount: ['Nilai pesanan', 'Order value'],
  currency: ['Mata uang', 'Currency'],
  shippingChannel: ['Cara kirim', 'Shipping'],
  weightKg: ['Berat kotor (kg)', 'Gross weight (kg)'],
  hsCode: ['Kode HS', 'HS code'],
  externalRef: ['Nomor pesanan Anda', 'Your order number'],
};
export function fieldLabel(l: Lang, f: string): string {
  const e = FIELD_LABEL[f];
  return e ? e[l === 'en' ? 1 : 0] : f;
}

/** The mobile-first order form; every field labelled, errors next to the field and summarised on top. */
export function orderForm(c: WebCtx, v: FormValues, errors: FieldErrors, currencies: string[], today: string): SafeHtml {
  const l = c.lang;
  const aria = (f: string, hint?: boolean) => {
    const ids = [hint ? `h-${f}` : '', errors[f] ? `e-${f}` : ''].filter(Boolean).join(' ');
    return html`${ids ? html` aria-describedby="${ids}"` : ''}${errors[f] ? html` aria-invalid="true"` : ''}`;
  };
  const err = (f: string) => (errors[f] ? html`<p class="err" id="e-${f}">${errors[f]}</p>` : '');
  const radios = (f: string, values: readonly string[], label: (l: Lang, k: string) => string) => html`
<fieldset id="f-${f}"${aria(f)}><legend>${fieldLabel(l, f)}</legend>${err(f)}<div class="choices">${values.map((k, i) => html`<label><input type="radio" name="${f}" value="${k}"${v[f] === k ? html` checked` : ''}${i === 0 ? html` required` : ''}><span>${label(l, k)}</span></label>`)}</div></fieldset>`;
  const countries = countriesSorted(l);
  const errorList = Object.keys(errors).filter((f) => f !== 'form');
  return html`
${errorList.length ? html`<div class="alert bad" role="alert" id="error-summary"><b>${tr(l, `Periksa ${errorList.length} isian berikut:`, `Please check ${errorList.length} field(s):`)}</b>
<ul>${errorList.map((f) => html`<li><a href="#f-${f}">${fieldLabel(l, f)}: ${errors[f]}</a></li>`)}</ul></div>` : ''}
${errors.form ? html`<div class="alert bad" role="alert">${errors.form}</div>` : ''}
<form method="post" action="/pesanan" class="card" novalidate>
${csrfField(c)}<input type="hidden" name="_ref" value="${v._ref ?? ''}">
<label for="f-orderedAt">${fieldLabel(l, 'orderedAt')}</label>${err('orderedAt')}
<input id="f-orderedAt" name="orderedAt" type="date" max="${today}" required value="${v.orderedAt ?? today}"${aria('orderedAt')}>
<label for="f-destinationCountry">${fieldLabel(l, 'destinationCountry')}</label>${err('destinationCountry')}
<select id="f-destinationCountry" name="destinationCountry" required${aria('destinationCountry')}>
<option value="">${tr(l, '— pilih negara —', '— choose a country —')}</option>
<optgroup label="${tr(l, 'Sering dituju', 'Frequent')}">${COMMON_MARKETS.map((k) => html`<option value="${k}"${v.destinationCountry === k ? html` selected` : ''}>${countryName(l, k)}</option>`)}</optgroup>
<optgroup label="${tr(l, 'Semua negara', 'All countries')}">${countries.map(([k, n]) => html`<option value="${k}"${v.destinationCountry === k && !COMMON_MARKETS.includes(k) ? html` selected` : ''}>${n}</option>`)}</optgroup>
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
<select id="f-currency" name="currency" required${aria('currency')}>${currencies.map((k) => html`<option value="${k}"${(v.currency ?? 'MYR') === k ? html` selected` : ''}>${k}</option>`)}</select>
</div></div>
${radios('shippingChannel', SHIPPING_CHANNELS, channelLabel)}
<details${errors.weightKg || errors.hsCode || errors.externalRef || v.weightKg || v.hsCode || v.externalRef ? html` open` : ''}><summary>${tr(l, 'Rincian lain (tidak wajib)', 'More details (optional)')}</summary>
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
