import { expiringDocumentsView } from './expiring.views';

describe('documents about to expire', () => {
  const doc = {
    id: 'd1',
    businessId: 'b1',
    type: 'sats_ln_dealer_licence' as const,
    number: 'SK.12/2026',
    issuedOn: '2026-01-05',
    expiresOn: '2027-01-09',
    note: null,
    createdAt: '',
  };
  it('lists each with its business, kind, number, last day and days left, in Indonesian and English', () => {
    const id = expiringDocumentsView('id', [{ ...doc, businessName: 'Ulla Leather' }], '2026-11-25').value;
    expect(id).toContain('<h2>Dokumen akan habis (60 hari)</h2>');
    expect(id).toContain('<a href="/dinas/usaha/b1/dokumen">Ulla Leather</a> · ');
    expect(id).toContain('SK.12/2026 — berlaku sampai 9 Jan 2027 <span class="pill warn">habis dalam 45 hari</span>');
    expect(expiringDocumentsView('en', [doc], '2026-11-25').value).toContain('valid until 9 Jan 2027 <span class="pill warn">expires in 45 days</span>');
  });
  it('says nothing when no document is about to expire', () => {
    expect(expiringDocumentsView('id', [], '2026-11-25').value).toBe('');
  });
});
