import { KpiCounts, KpiReport } from '../../casework/casework.types';
import { activityFormView, followUpsView, kpiReportView, monthlyBars } from './casework.views';
import { overdueBanner } from './overdue-banner';

const zero: KpiCounts = {
  businessesActive: 0,
  businessesFlagged: 0,
  businessesVisited: 0,
  referrals: 0,
  rungUps: 0,
  formalExporters: 0,
  exportValueIdr: { total: '0', formal: '0', direct: '0' },
};
const report = (over: Partial<KpiReport> = {}): KpiReport => ({
  from: '2026-04-01',
  to: '2026-06-30',
  totals: { ...zero, businessesActive: 3, rungUps: 3, exportValueIdr: { total: '47500000', formal: '45000000', direct: '2500000' } },
  byDistrict: [{ district: 'Lasem', ...zero, rungUps: 1 }],
  byMonth: [
    { month: '2026-04', ...zero },
    { month: '2026-05', ...zero, rungUps: 2 },
    { month: '2026-06', ...zero, rungUps: 1 },
  ],
  previous: { from: '2026-01-01', to: '2026-03-31', totals: { ...zero, businessesActive: 2 } },
  targets: { rungUps: 30 },
  movedUp: [{ businessId: 'b1', businessName: 'Arma Leather', district: 'Sarang', market: 'CN', from: 'own_cn', to: 'agent_peb' }],
  ...over,
});
const ctx = { lang: 'id' as const, csrf: 'tok' };
const text = (h: { value: string }) => h.value.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('casework views', () => {
  it('shows the figures against the previous period and the target, money in rupiah', () => {
    const h = kpiReportView({ ...ctx, admin: false }, report()).value;
    expect(text({ value: h })).toContain('UMKM naik kelas 3 / 30 target');
    expect(h).toContain('aria-label="10% dari target tahun ini"');
    expect(text({ value: h })).toContain('+1 dari periode sebelumnya');
    expect(text({ value: h })).toContain('Formal (PEB) Rp 45.000.000 95%');
    expect(text({ value: h })).toContain('Arma Leather Sarang CN CN atas nama sendiri PEB lewat agen');
    expect(h).not.toContain('Target tahun 2026'); // only admins set targets
    expect(kpiReportView({ ...ctx, admin: true }, report()).value).toContain('Target tahun 2026');
    expect(text(kpiReportView({ lang: 'en', csrf: 't', admin: false }, report({ movedUp: [] })))).toContain('No business moved up in this period.');
  });

  it('draws monthly bars with integer ticks and a text summary', () => {
    const h = monthlyBars('id', 'Naik kelas', [
      { month: '2026-05', value: 2 },
      { month: '2026-06', value: 1 },
    ]).value;
    expect(h).toContain('aria-label="Naik kelas: Mei 2026: 2; Jun 2026: 1"');
    expect([...h.matchAll(/class="tick">(\d+)<\/text>/g)].map((m) => m[1])).toEqual(['0', '1', '2']);
  });

  it('keeps the input and marks the failing field of the activity form', () => {
    const h = activityFormView(ctx, {
      business: { id: 'b1', name: 'Ulla Leather' },
      values: { type: 'call', on: '2026-12-24', note: 'x' },
      today: '2026-11-25',
      flags: [],
      errors: { on: [{ rule: 'service', message: 'must not be in the future (today is 2026-11-25, WIB)' }] },
    }).value;
    expect(h).toContain('value="call" checked');
    expect(h).toContain('id="a-on" name="on" type="date" value="2026-12-24" max="2026-11-25" required aria-invalid="true" aria-describedby="err-on"');
    expect(h).toContain('<p class="field-error" id="err-on" role="alert">must not be in the future (today is 2026-11-25, WIB)</p>');
    expect(h).toContain('Periksa 1 kolom yang ditandai');
  });

  it('lists overdue follow-ups first and says when there are none', () => {
    const a = {
      id: 'a1',
      businessId: 'b1',
      businessName: 'Ulla Leather',
      district: 'Lasem',
      type: 'call' as const,
      on: '2026-11-01',
      note: 'tanya NIB',
      programme: null,
      flagId: null,
      dueOn: '2026-11-20',
      doneOn: null,
      outcome: null,
      graduated: false,
      autoReason: null,
      createdAt: '',
      createdBy: 'x',
    };
    const h = text(followUpsView(ctx, { overdue: [a], thisWeek: [], today: '2026-11-25' }));
    expect(h).toContain('Terlambat (1) Ulla Leather · Lasem · batas 20 Nov 2026 Telepon — tanya NIB');
    expect(h).toContain('Minggu ini (0) Tidak ada.');
    expect(overdueBanner('id', 0).value).toBe('');
    expect(text(overdueBanner('en', 2))).toContain('2 follow-ups overdue');
    expect(text(overdueBanner('id', 1, ['Lasem', 'Sale'])).trim()).toBe('1 tindak lanjut terlambat · Lasem, Sale');
    expect(overdueBanner('en', 1).value).toContain('href="/dinas/tindak-lanjut?due=overdue"');
  });
});
