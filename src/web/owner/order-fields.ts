import { randomBytes } from 'node:crypto';
import { ORDER_FIELDS } from '../../orders/order-input';
import type { Declaration, DeclaredBy, OriginCertificate } from '../../pathway/pathway.types';
import { FieldError, FieldErrors, formObject } from '../forms';
import { Lang, tr } from '../i18n';

/**
 * The order form's fields as the owner sees them, and the way a form post becomes the API's order
 * body. The rules themselves are the API's (validateOrder in src/orders/order-input.ts, run by
 * OrdersService.createOne): nothing here judges a value, it only reads the form and words the API's
 * answers in Indonesian.
 */
export type FormValues = Record<string, string>;

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
  route: ['Dokumen ekspor kiriman ini', 'How this consignment was declared'],
  declaration: ['Dokumen ekspor kiriman ini', 'How this consignment was declared'],
  declaredBy: ['Yang mengurus dokumen', 'Who declared it'],
  originCertificate: ['Surat keterangan asal (SKA)', 'Certificate of origin'],
};
export function fieldLabel(l: Lang, f: string): string {
  const e = FIELD_LABEL[f];
  return e ? e[l === 'en' ? 1 : 0] : f;
}

/** One plain sentence per shipping route; each sets the contract's `declaration` and `declaredBy`. */
export interface RouteChoice {
  key: string;
  declaration: Declaration;
  declaredBy: DeclaredBy;
  label: [string, string];
}
export const ROUTES: readonly RouteChoice[] = [
  {
    key: 'cn_pos',
    declaration: 'cn',
    declaredBy: 'postal_operator',
    label: ['Dikirim lewat Pos/kurir dengan CN atas nama usaha', 'Sent by post/courier on a CN in the business’s name'],
  },
  {
    key: 'pkbk_agregator',
    declaration: 'pkbk',
    declaredBy: 'aggregator',
    label: ['Lewat agregator/koperasi (digabung dengan kiriman lain)', 'Through an aggregator/cooperative (consolidated)'],
  },
  {
    key: 'peb_ppjk',
    declaration: 'peb',
    declaredBy: 'customs_broker',
    label: ['PEB diurus PPJK (jasa kepabeanan)', 'PEB lodged by a customs broker (PPJK)'],
  },
  {
    key: 'peb_sendiri',
    declaration: 'peb',
    declaredBy: 'self',
    label: ['PEB saya ajukan sendiri', 'PEB lodged by the business itself'],
  },
  {
    key: 'tidak_tahu',
    declaration: 'unknown',
    declaredBy: 'unknown',
    label: ['Tidak tahu', 'Don’t know'],
  },
];
export const DEFAULT_ROUTE = 'tidak_tahu';

export const CERTIFICATES: ReadonlyArray<{ key: OriginCertificate; label: [string, string] }> = [
  { key: 'none', label: ['Tidak ada SKA', 'No certificate of origin'] },
  { key: 'form_d', label: ['SKA Form D (negara ASEAN)', 'Form D (ASEAN)'] },
  { key: 'form_e', label: ['SKA Form E (Tiongkok)', 'Form E (China)'] },
  { key: 'other', label: ['SKA lainnya', 'Another certificate of origin'] },
  { key: 'self_certified', label: ['Deklarasi asal sendiri (eksportir bersertifikat)', 'Self-certified origin (certified exporter)'] },
];

export const routeLabel = (l: Lang, r: RouteChoice): string => tr(l, r.label[0], r.label[1]);
export function certificateLabel(l: Lang, key: string): string {
  const c = CERTIFICATES.find((x) => x.key === key);
  return c ? tr(l, c.label[0], c.label[1]) : key;
}

export function newFormRef(): string {
  return `WEB-${randomBytes(6).toString('hex').toUpperCase()}`;
}

/** The fields the form sends back when it is shown again (the API's order fields, the route and the form's own reference). */
export function formValues(body: unknown): FormValues {
  const v: FormValues = {};
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  for (const f of [...ORDER_FIELDS, 'route', '_ref']) if (typeof b[f] === 'string') v[f] = b[f];
  return v;
}

/** "1.450,50" (Indonesian) or "1450.50" → "1450.50"; anything else goes on for the API to name. Exact: no float. */
function normaliseAmount(input: string): string {
  let s = input.replace(/\s|rp/gi, '');
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  else if ((s.match(/\./g) ?? []).length > 1) s = s.replace(/\./g, '');
  return s;
}

/**
 * A form post as the API's order body: numbers read the way people type them (forms.ts), the amount
 * kept as an exact decimal string, the route sentence turned into `declaration` + `declaredBy`, and
 * the form's own reference as `externalRef` when the owner gave none (a second click on "save" finds
 * the same order instead of logging it twice).
 */
export function formToOrder(v: FormValues): Record<string, unknown> {
  const { route, _ref, ...fields } = v;
  const o = formObject(fields, { quantity: 'int', weightKg: 'number' });
  if (typeof o.amount === 'string') o.amount = normaliseAmount(o.amount);
  const r = ROUTES.find((x) => x.key === route);
  if (r) Object.assign(o, { declaration: r.declaration, declaredBy: r.declaredBy });
  else if (route) o.declaration = route; // not one of the sentences: the API names the field
  if (!o.externalRef && _ref) o.externalRef = _ref;
  return o;
}

/** The API's "field: rule" messages by field; a message naming no field belongs to the whole form. */
export function orderFieldErrors(messages: string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const m of messages) {
    const i = m.indexOf(':');
    const named = i > 0 && /^[A-Za-z_$][\w$]*$/.test(m.slice(0, i)) ? m.slice(0, i) : 'form';
    const field = named === 'declaredBy' ? 'declaration' : named; // both are set by the one route choice
    (out[field] ??= []).push({ rule: i > 0 ? m.slice(i + 1).trim() : m, message: m });
  }
  return out;
}

/** The API's rule for an order field, said in Indonesian (or English). */
export function orderErrorText(l: Lang, field: string, e: FieldError): string {
  const rule = e.rule;
  if (rule === 'is required') return tr(l, 'Wajib diisi.', 'Required.');
  if (/^unknown field/.test(rule)) return tr(l, 'Kolom ini tidak dikenal.', 'Unknown field.');
  switch (field) {
    case 'orderedAt':
      return /future/.test(rule)
        ? tr(l, 'Tanggal tidak boleh di masa depan.', 'The date must not be in the future.')
        : tr(l, 'Isi tanggal yang benar.', 'Enter a valid date.');
    case 'destinationCountry':
      return /other than ID/.test(rule)
        ? tr(
            l,
            'Pesanan di dalam Indonesia bukan ekspor. Pilih negara tujuan di luar negeri.',
            'Orders within Indonesia are not exports. Choose a country abroad.',
          )
        : tr(l, 'Pilih negara tujuan dari daftar.', 'Choose the destination country from the list.');
    case 'buyerRef':
      return tr(l, 'Isi nama atau akun pembeli (1–200 karakter).', 'Enter the buyer’s name or handle (1–200 characters).');
    case 'productCategory':
    case 'material':
    case 'shippingChannel':
    case 'declaration':
    case 'declaredBy':
    case 'originCertificate':
      return tr(l, 'Pilih salah satu pilihan.', 'Choose one of the options.');
    case 'quantity':
      return tr(l, 'Isi jumlah barang: bilangan bulat 1 sampai 100.000.', 'Enter the number of items: a whole number from 1 to 100,000.');
    case 'currency': {
      const m = /rates start (\d{4}-\d{2}-\d{2})/.exec(rule);
      return m
        ? tr(l, `Belum ada kurs mata uang ini pada tanggal pesanan (kurs mulai ${m[1]}).`, `No rate for this currency on the order date (rates start ${m[1]}).`)
        : tr(l, 'Pilih mata uang dari daftar.', 'Choose a currency from the list.');
    }
    case 'amount':
      return amountText(l, rule);
    case 'weightKg':
      return tr(l, 'Isi berat lebih dari 0 dan paling banyak 10.000 kg, misalnya 1,2.', 'Enter a weight above 0 and at most 10,000 kg, e.g. 1.2.');
    case 'hsCode':
      return tr(l, 'Isi 4–10 angka, misalnya 4202.21.', 'Enter 4 to 10 digits, e.g. 4202.21.');
    case 'externalRef':
      return tr(l, 'Nomor pesanan 1–100 karakter.', 'Order number of 1–100 characters.');
    default:
      return e.message;
  }
}

function amountText(l: Lang, rule: string): string {
  let m = /at most (\d+) decimal places for (\w+)/.exec(rule);
  if (m) return tr(l, `Paling banyak ${m[1]} angka di belakang koma untuk ${m[2]}.`, `At most ${m[1]} decimal places for ${m[2]}.`);
  m = /(\w+) has no decimal places/.exec(rule);
  if (m) return tr(l, `${m[1]} tidak memakai angka desimal.`, `${m[1]} has no decimal places.`);
  if (/without a valid currency/.test(rule)) return tr(l, 'Pilih mata uang yang benar dulu.', 'Choose a valid currency first.');
  if (/at most 9+/.test(rule)) return tr(l, 'Nilai terlalu besar.', 'The amount is too large.');
  return tr(l, 'Isi nilai lebih dari 0, misalnya 1450 atau 350,50.', 'Enter an amount above 0, e.g. 1450 or 350.50.');
}
