import { expiryStatus } from '../../businesses/documents';
import type { BusinessDocument } from '../../pathway/pathway.types';
import { expiryText, officerDocumentsView, ownerDocumentsView } from './documents.views';

const doc = (over: Partial<BusinessDocument>): BusinessDocument => ({
  id: '11111111-1111-4111-8111-111111111111',
  businessId: 'b0000000-0000-4000-8000-000000000000',
  type: 'sats_ln_dealer_licence',
  number: 'SK.12/KSDAE',
  issuedOn: '2026-01-15',
  expiresOn: '2027-01-09',
  note: null,
  createdAt: '2026-01-20T02:00:00.000Z',
  ...over,
});
const ctx = { lang: 'id' as const, csrf: 'tok' };
const BIZ = 'b0000000-0000-4000-8000-000000000000';
const data = (documents: BusinessDocument[]) => ({ business: { id: BIZ, name: 'Ulla <Leather>' }, documents, today: '2026-11-25' });

describe('expiryStatus and its words', () => {
  const text = (d: Partial<BusinessDocument>, lang: 'id' | 'en' = 'id') => expiryText(lang, expiryStatus(doc(d), '2026-11-25')).text;
  it('says berlaku, habis dalam N hari (within 60 days), habis hari ini, kedaluwarsa, or when it starts', () => {
    expect(text({ expiresOn: null })).toBe('berlaku');
    expect(text({ expiresOn: '2027-01-25' })).toBe('berlaku'); // 61 days
    expect(text({ expiresOn: '2027-01-24' })).toBe('habis dalam 60 hari');
    expect(text({ expiresOn: '2027-01-09' })).toBe('habis dalam 45 hari');
    expect(text({ expiresOn: '2027-01-09' }, 'en')).toBe('expires in 45 days');
    expect(text({ expiresOn: '2026-11-25' })).toBe('habis hari ini');
    expect(text({ expiresOn: '2026-11-24' })).toBe('kedaluwarsa');
    expect(text({ issuedOn: '2026-12-01', expiresOn: null })).toBe('berlaku mulai 1 Des 2026');
  });
});

describe('officerDocumentsView', () => {
  it('lists each document with its Indonesian type label, number, dates, status and a remove form with the CSRF token', () => {
    const expired = doc({ id: '22222222-2222-4222-8222-222222222222', type: 'kkp_permit', number: null, issuedOn: null, expiresOn: '2026-11-01' });
    const out = officerDocumentsView(ctx, data([doc({}), expired]), { values: {} }).value;
    expect(out).toContain('Ulla &lt;Leather&gt;');
    expect(out).toMatch(
      new RegExp(
        '<td data-label="Dokumen">Izin edar SATS-LN[^<]*</td><td data-label="Nomor">SK\\.12/KSDAE</td>' +
          '<td data-label="Terbit">15 Jan 2026</td><td data-label="Berlaku sampai">9 Jan 2027</td>',
      ),
    );
    expect(out).toContain('<span class="pill warn">habis dalam 45 hari</span>');
    expect(out).toContain('<span class="pill bad">kedaluwarsa</span>');
    expect(out).toContain('action="/dinas/usaha/b0000000-0000-4000-8000-000000000000/dokumen/22222222-2222-4222-8222-222222222222/hapus"');
    expect(out).toContain('name="_csrf" value="tok"');
    expect(out).toContain('<option value="quarantine_kh12">');
    expect(out).toContain('name="expiresOn" type="date" value="" aria-describedby="hint-expiresOn"');
  });

  it('keeps the input and shows each error beside its field', () => {
    const form = {
      values: { type: 'kkp_permit', issuedOn: '2026-06-01', expiresOn: '2026-05-31' },
      errors: { expiresOn: [{ rule: 'notBefore', message: 'expiresOn must be on or after issuedOn' }] },
    };
    const out = officerDocumentsView(ctx, data([]), form).value;
    expect(out).toContain('Belum ada dokumen terdaftar.');
    expect(out).toContain('<option value="kkp_permit" selected>');
    expect(out).toContain('value="2026-05-31" aria-invalid="true" aria-describedby="err-expiresOn"');
    expect(out).toContain('<p class="field-error" id="err-expiresOn" role="alert">Tanggal berlaku sampai tidak boleh sebelum tanggal terbit.</p>');
    expect(out).toContain('Periksa 1 kolom yang ditandai; belum ada yang disimpan.');
  });
});

describe('ownerDocumentsView', () => {
  it('is read-only: no form, no remove button', () => {
    const out = ownerDocumentsView({ lang: 'en', csrf: 'tok' }, data([doc({})])).value;
    expect(out).toContain('My business documents');
    expect(out).toContain('expires in 45 days');
    expect(out).not.toContain('<form');
  });
});
