import { formToOrder, orderFieldErrors } from './order-fields';
import { orderFormView } from './order-form.views';

const ctx = { lang: 'id' as const, csrf: 'tok' };
const data = { values: { _ref: 'WEB-1' }, errors: {}, currencies: ['IDR', 'MYR', 'CNY'], today: '2026-11-24' };

describe('order form view', () => {
  it('offers the route as plain sentences and the certificate of origin, "Tidak tahu" and "none" by default', () => {
    const out = orderFormView(ctx, data).value;
    expect(out).toContain('<input type="radio" name="route" value="cn_pos"><span>Dikirim lewat Pos/kurir dengan CN atas nama usaha</span>');
    expect(out).toContain('<input type="radio" name="route" value="tidak_tahu" checked><span>Tidak tahu</span>');
    expect(out).toContain('<option value="none" selected>Tidak ada SKA</option>');
    expect(out).toContain('<option value="form_d">SKA Form D (negara ASEAN)</option>');
    expect(out).toContain('max="2026-11-24"');
    expect(out).toMatch(/^<h1>Catat pesanan luar negeri<\/h1>/);
    expect(out).toContain('<input type="hidden" name="_csrf" value="tok">');
    expect(out).not.toContain('error-summary');
  });

  it("puts the API's refusal in Indonesian beside its field, lists it on top and keeps every answer", () => {
    const errors = orderFieldErrors(['quantity: must be a whole number from 1 to 100000', 'orderedAt: must not be in the future']);
    const values = { quantity: '0', orderedAt: '2027-01-01', buyerRef: 'Kedai <KL>', route: 'peb_ppjk', originCertificate: 'form_e' };
    const out = orderFormView(ctx, { ...data, values, errors }).value;
    expect(out).toContain('<p class="field-error" id="err-quantity" role="alert">Isi jumlah barang: bilangan bulat 1 sampai 100.000.</p>');
    expect(out).toContain('<p class="field-error" id="err-orderedAt" role="alert">Tanggal tidak boleh di masa depan.</p>');
    expect(out).toMatch(/id="f-quantity"[^>]*value="0" aria-describedby="err-quantity" aria-invalid="true"/);
    expect(out).toContain('Periksa 2 isian berikut; belum ada yang disimpan:');
    expect(out).toContain('<a href="#f-quantity">Jumlah barang: Isi jumlah barang');
    expect(out).toContain('value="Kedai &lt;KL&gt;"');
    expect(out).toContain('value="peb_ppjk" checked');
    expect(out).toContain('<option value="form_e" selected>');
    const en = orderFormView({ ...ctx, lang: 'en' }, { ...data, values, errors }).value;
    expect(en).toContain('The date must not be in the future.');
  });

  it('shows a declaration refusal at the route sentence (declaration and declaredBy are one choice)', () => {
    const errors = orderFieldErrors(['declaredBy: must be one of self, postal_operator, aggregator, customs_broker, unknown']);
    expect(Object.keys(errors)).toEqual(['declaration']);
    const out = orderFormView(ctx, { ...data, errors }).value;
    expect(out).toContain('<a href="#f-route">Dokumen ekspor kiriman ini: Pilih salah satu pilihan.</a>');
    expect(out).toContain('<fieldset id="f-route" aria-describedby="h-declaration err-declaration" aria-invalid="true">');
  });
});

describe('a form post as the API order body', () => {
  it('reads numbers as typed, keeps the amount exact, maps the route sentence and uses the form reference', () => {
    const o = formToOrder({
      orderedAt: '2026-11-20',
      quantity: '2',
      amount: '1.450,50',
      weightKg: '1,2',
      hsCode: '',
      route: 'pkbk_agregator',
      originCertificate: 'form_d',
      _ref: 'WEB-9',
    });
    expect(o).toMatchObject({ orderedAt: '2026-11-20', quantity: 2, amount: '1450.50', weightKg: 1.2, externalRef: 'WEB-9' });
    expect(o).toMatchObject({ declaration: 'pkbk', declaredBy: 'aggregator', originCertificate: 'form_d' });
    expect(o).not.toHaveProperty('hsCode');
    expect(o).not.toHaveProperty('route');
    expect(o).not.toHaveProperty('_ref');
  });

  it('passes what it cannot read on, for the API to name', () => {
    expect(formToOrder({ quantity: 'dua', amount: 'seribu' })).toMatchObject({ quantity: 'dua', amount: 'seribu' });
    expect(formToOrder({ externalRef: 'INV-7', _ref: 'WEB-9' }).externalRef).toBe('INV-7');
    expect(formToOrder({ route: 'lewat_udara' })).toEqual({ declaration: 'lewat_udara' });
  });

  it("groups the API's messages by field; a message naming none belongs to the form", () => {
    expect(orderFieldErrors(['amount: must be greater than 0', 'body: must be a JSON object', 'something odd'])).toEqual({
      amount: [{ rule: 'must be greater than 0', message: 'amount: must be greater than 0' }],
      body: [{ rule: 'must be a JSON object', message: 'body: must be a JSON object' }],
      form: [{ rule: 'something odd', message: 'something odd' }],
    });
  });
});
