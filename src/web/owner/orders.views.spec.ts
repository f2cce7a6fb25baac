import type { OrderDto } from '../../orders/dto/order.dto';
import { decodeAdvice, encodeAdvice } from './advice-flash';
import { orderDetailView, ordersListView } from './orders.views';

const ctx = { lang: 'id' as const, csrf: 'tok' };
const order = (over: Partial<OrderDto> = {}): OrderDto => ({
  id: '6f1c2b3a-0000-4000-8000-000000000001',
  businessId: 'b',
  externalRef: 'WEB-1',
  orderedAt: '2026-11-20T00:00:00.000Z',
  orderedOn: '2026-11-20',
  destinationCountry: 'MY',
  buyerRef: 'Kedai Kulit KL',
  buyerId: 'x',
  productCategory: 'bag',
  material: 'snakeskin',
  quantity: 2,
  amount: '1450.50',
  currency: 'MYR',
  valueIdr: 7379832,
  shippingChannel: 'post',
  weightKg: 31.5,
  hsCode: '420221',
  createdAt: '2026-11-20T03:00:00.000Z',
  voidedAt: null,
  voidReason: null,
  declaration: 'unknown',
  declaredBy: 'unknown',
  originCertificate: 'none',
  ...over,
});
const NB = '\u00a0';

describe('orders list view', () => {
  it('lists each order as a row whose cells carry their column name, money in its currency and in rupiah', () => {
    const voided = order({ id: '6f1c2b3a-0000-4000-8000-000000000002', voidedAt: '2026-11-21T00:00:00.000Z' });
    const out = ordersListView(ctx, { items: [order(), voided], nextCursor: 'abc' }).value;
    expect(out).toContain('<td data-label="Tanggal"><a href="/pesanan/6f1c2b3a-0000-4000-8000-000000000001">20 Nov 2026</a></td>');
    expect(out).toContain('<td data-label="Negara">Malaysia</td>');
    expect(out).toContain(`<td data-label="Nilai" class="num"><span>RM${NB}1.450,50<br><span class="muted">Rp${NB}7.379.832</span></span></td>`);
    expect(out).toContain('<td data-label="Produk">2 × Tas · Kulit ular</td>');
    expect(out).toContain('<span class="pill">Dibatalkan</span>');
    expect(out).toContain('href="/pesanan?setelah=abc"');
    expect(ordersListView({ ...ctx, lang: 'en' }, { items: [order()], nextCursor: null }).value).toContain(`RM${NB}1,450.50`);
  });

  it('says so when there are no orders yet', () => {
    expect(ordersListView(ctx, { items: [], nextCursor: null }).value).toContain('Belum ada pesanan.');
  });
});

describe('order detail view', () => {
  const message = { id: 'Kiriman 31.5 kg di atas 30 kg: usaha wajib memakai PEB, bukan CN.', en: 'A 31.5 kg consignment is above 30 kg.' };
  const advice = [{ code: 'peb_required', message }];

  it('shows the route advice of a fresh order in the page language, and the declaration in words', () => {
    const o = order({ declaration: 'cn', declaredBy: 'postal_operator', originCertificate: 'form_d' });
    const out = orderDetailView(ctx, { order: o, fresh: true, advice }).value;
    expect(out).toContain('<h1>Pesanan tercatat</h1>');
    expect(out).toContain('<li data-code="peb_required">Kiriman 31.5 kg di atas 30 kg: usaha wajib memakai PEB, bukan CN.</li>');
    expect(out).toContain('<dt>Dokumen ekspor kiriman ini</dt><dd>Dikirim lewat Pos/kurir dengan CN atas nama usaha</dd>');
    expect(out).toContain('<dt>Surat keterangan asal (SKA)</dt><dd>SKA Form D (negara ASEAN)</dd>');
    expect(out).toContain(`<dt>Nilai pesanan</dt><dd>RM${NB}1.450,50 ≈ Rp${NB}7.379.832</dd>`);
    expect(out).toContain('<dt>Berat kotor (kg)</dt><dd>31,5 kg</dd>');
    expect(orderDetailView({ ...ctx, lang: 'en' }, { order: o, fresh: true, advice }).value).toContain('A 31.5 kg consignment is above 30 kg.');
  });

  it('names a stored pair no sentence matches, and has no advice box without advice', () => {
    const out = orderDetailView(ctx, { order: order({ declaration: 'cn', declaredBy: 'self' }), fresh: false, advice: [] }).value;
    expect(out).toContain('<dd>CN (barang kiriman) · Sendiri</dd>');
    expect(out).not.toContain('order-advice');
  });

  it('keeps the void reason and shows its error beside the field', () => {
    const out = orderDetailView(ctx, { order: order(), fresh: false, advice: [], reason: ' ', reasonError: 'Alasan pembatalan wajib diisi.' }).value;
    expect(out).toContain('<details class="card" open>');
    expect(out).toContain('<p class="field-error" id="err-reason" role="alert">Alasan pembatalan wajib diisi.</p>');
    expect(out).toContain('value=" " aria-invalid="true" aria-describedby="err-reason"');
  });
});

describe('route advice across the redirect', () => {
  const message = { id: 'Nilai CNY 1,450 di atas batas', en: 'A value of CNY 1,450 is above' };
  const warnings = [{ code: 'cn_personal_limit', field: 'amount', message, limitCny: 1000 }];

  it('carries the advice of an API answer to that order only', () => {
    const cookie = encodeAdvice('o1', warnings);
    expect(cookie).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeAdvice(cookie, 'o1')).toEqual([{ code: 'cn_personal_limit', message: warnings[0].message }]);
    expect(decodeAdvice(cookie, 'o2')).toEqual([]);
    expect(decodeAdvice('not-json', 'o1')).toEqual([]);
    const forged = Buffer.from(JSON.stringify({ orderId: 'o1', advice: [{ code: 'x' }, 'text', ...warnings] })).toString('base64url');
    expect(decodeAdvice(forged, 'o1')).toEqual(warnings);
  });
});
