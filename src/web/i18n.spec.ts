import {
  activityTypeLabel,
  actorLabel,
  cadenceLabel,
  declarationLabel,
  declaredByLabel,
  deliveryStatusLabel,
  documentTypeLabel,
  eventLabel,
  fixed,
  historyEventLabel,
  jobStateLabel,
  money,
  num,
  originCertificateLabel,
  percent,
  programmeLabel,
  ratio,
  rungLabel,
  runStatusLabel,
  rupiah,
  signalLabel,
} from './i18n';
import { DECLARATIONS, DECLARED_BY, DOCUMENT_TYPES, ORIGIN_CERTIFICATES, RUNGS } from '../pathway/pathway.types';
import { checkReadiness, evaluatePolicy } from '../flags/policy';
import { checkReadinessV2 } from '../flags/readiness-v2';
import { DEFAULT_RULE_SET, RULE_SET_V1 } from '../flags/rule-set';

const NB = '\u00a0';

describe('number and money formatting', () => {
  it('uses Indonesian separators in Indonesian and English ones in English', () => {
    expect(num('id', 1234567)).toBe('1.234.567');
    expect(num('id', 2.5)).toBe('2,5');
    expect(num('en', 1234567.25)).toBe('1,234,567.25');
    expect(num('id', '42')).toBe('42');
    expect(num('id', null)).toBe('–');
    expect(fixed('id', 2313, 2)).toBe('2.313,00');
  });
  it('writes rupiah without decimals, kept on one line by a non-breaking space', () => {
    expect(rupiah('id', 7379832.4)).toBe(`Rp${NB}7.379.832`);
    expect(rupiah('en', 7379832)).toBe(`Rp${NB}7,379,832`);
    expect(rupiah('id', '48250000')).toBe(`Rp${NB}48.250.000`);
    expect(rupiah('id', -1500)).toBe(`-Rp${NB}1.500`);
    expect(rupiah('id', undefined)).toBe('–');
  });
  it("writes foreign amounts with their symbol and the currency's decimals", () => {
    expect(money('id', 2313, 'MYR')).toBe(`RM${NB}2.313,00`);
    expect(money('en', 2313, 'MYR')).toBe(`RM${NB}2,313.00`);
    expect(money('id', '8000.5', 'CNY')).toBe(`CN¥${NB}8.000,50`);
    expect(money('id', 120.5, 'USD')).toBe(`US$${NB}120,50`);
    expect(money('en', 99, 'SGD')).toBe(`S$${NB}99.00`);
    expect(money('id', 1000, 'SAR')).toBe(`SAR${NB}1.000,00`);
    expect(money('id', 15000, 'JPY')).toBe(`JP¥${NB}15.000`);
    expect(money('id', 7379832, 'IDR')).toBe(`Rp${NB}7.379.832`);
  });
  it('writes ratios and percentages', () => {
    expect(ratio('id', 5.5678)).toBe('5,57×');
    expect(ratio('en', 5.5678)).toBe('5.57×');
    expect(ratio('id', null)).toBe('–');
    expect(percent('id', 0.375)).toBe('37,5%');
    expect(percent('en', 0.375)).toBe('37.5%');
    expect(percent('id', 0.12345, 0)).toBe('12%');
  });
});

describe('labels', () => {
  it('names every signal key the readiness and compliance policies emit', () => {
    const keys = new Set<string>();
    const metrics = {
      ordersThisWeek: 1,
      ordersPrev13w: 2,
      buyers13w: 3,
      orders13w: 6,
      value13wIdr: 9e6,
      valuePrev13wIdr: 3e6,
      repeatBuyers: 2,
      repeatOrders13w: 4,
      heaviestParcelKg: 12,
      wildlifeMaterials: ['snakeskin'],
      wildlifeOrders13w: 3,
      materials13w: ['snakeskin'],
      categories13w: ['bag'],
      cnOverLimit13w: 1,
      activeWeeks13: 6,
      activeMonths4: 3,
      peakWeekOrders: 2,
      lastOrderOn: '2026-11-20',
      patternStartOn: '2026-08-01',
      steadySinceOn: '2026-08-01',
      patternWeeks: 6,
      gapMedianWeeks: 2,
      gapMaxWeeks: 3,
      gapCount: 5,
      topBuyerOrders26w: 4,
      topBuyerWeeks26w: 4,
      topBuyerUnits26w: 40,
      topBuyerValue26wIdr: 5e6,
    };
    const v1 = checkReadiness(metrics, '2026-11-27', RULE_SET_V1.readiness.enter, RULE_SET_V1).signals;
    const rules = DEFAULT_RULE_SET as Parameters<typeof checkReadinessV2>[4];
    const v2 = checkReadinessV2(metrics, '2026-11-27', DEFAULT_RULE_SET.readiness.enter, 'enter', rules, 1).signals;
    const compliance = evaluatePolicy({ kind: 'compliance', market: 'CN', metrics, rules: DEFAULT_RULE_SET, current: null, asOf: '2026-11-27' }).signals;
    for (const k of [...Object.keys(v1), ...Object.keys(v2), ...Object.keys(compliance), ...Object.keys(metrics), 'topBuyerShare']) keys.add(k);
    expect(keys.size).toBeGreaterThan(30);
    for (const k of keys) {
      expect(signalLabel('id', k)).not.toBe(k);
      expect(signalLabel('en', k)).not.toBe(k);
    }
    expect(signalLabel('id', 'wildlifeMaterials')).toBe('Bahan satwa liar');
    expect(signalLabel('en', 'value13wIdr')).toBe('13-week value');
    expect(signalLabel('id', 'activeWeeks13')).toBe('Minggu aktif (dari 13)');
    expect(signalLabel('id', 'noSuchSignal')).toBe('noSuchSignal');
    expect(signalLabel('id', 'toString')).toBe('toString');
  });
  it('names history events and actors', () => {
    expect(historyEventLabel('id', 'evaluated')).toBe('Dievaluasi');
    expect(historyEventLabel('en', 'status_changed')).toBe('Status changed');
    expect(eventLabel('id', 'snoozed')).toBe('Ditunda');
    expect(actorLabel('id', 'system:watch')).toBe('Sistem (pemantauan mingguan)');
    expect(actorLabel('en', 'system:watch')).toBe('System (weekly watch)');
    expect(actorLabel('id', 'system:scheduler')).toBe('Sistem (jadwal mingguan)');
    expect(actorLabel('id', 'officer:user:0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b', 'Sri Wahyuni')).toBe('Sri Wahyuni');
    expect(actorLabel('id', 'officer:user:0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b')).toBe('Petugas dinas');
    expect(actorLabel('id', 'admin:env')).toBe('Admin (kunci bootstrap)');
    expect(actorLabel('id', null)).toBe('Tidak diketahui');
  });
  it('names statuses, cadences and deliveries', () => {
    expect(['queued', 'running', 'completed', 'failed'].map((s) => runStatusLabel('id', s))).toEqual(['Antre', 'Berjalan', 'Selesai', 'Gagal']);
    expect(['succeeded', 'active', 'failed', 'waiting', 'delayed'].map((s) => jobStateLabel('id', s))).toEqual([
      'Berhasil',
      'Berjalan',
      'Gagal',
      'Menunggu',
      'Ditunda',
    ]);
    expect(jobStateLabel('en', 'waiting-children')).toBe('Waiting for sub-jobs');
    expect([cadenceLabel('id', 'weekly'), cadenceLabel('id', 'daily'), cadenceLabel('en', 'daily')]).toEqual(['Mingguan', 'Harian', 'Daily']);
    expect(['pending', 'sent', 'failed'].map((s) => deliveryStatusLabel('id', s))).toEqual(['Menunggu', 'Terkirim', 'Gagal']);
  });
  it('names the export ladder: rungs, documents, declarations', () => {
    expect(RUNGS.map((r) => rungLabel('id', r))).toEqual([
      'Belum tercatat',
      'CN atas nama sendiri',
      'Kiriman gabungan',
      'PEB lewat agen',
      'PEB sendiri',
      'Dengan SKA',
      'Eksportir bersertifikat',
    ]);
    expect(rungLabel('en', 'agent_peb')).toBe('PEB by an agent');
    expect(documentTypeLabel('id', 'quarantine_kh12')).toBe('Sertifikat karantina KH-12');
    expect(declarationLabel('id', 'pkbk')).toBe('PKBK (pemberitahuan gabungan)');
    expect(declaredByLabel('id', 'customs_broker')).toBe('PPJK (kuasa kepabeanan)');
    expect(originCertificateLabel('en', 'form_e')).toBe('Form E (ACFTA)');
    const all: Array<[readonly string[], (l: 'id' | 'en', k: string) => string]> = [
      [RUNGS, rungLabel],
      [DOCUMENT_TYPES, documentTypeLabel],
      [DECLARATIONS, declarationLabel],
      [DECLARED_BY, declaredByLabel],
      [ORIGIN_CERTIFICATES, originCertificateLabel],
    ];
    for (const [keys, label] of all) for (const k of keys) for (const l of ['id', 'en'] as const) expect(label(l, k)).not.toBe(k);
  });
  it('names activities and programmes', () => {
    expect(['visit', 'call', 'referral', 'training', 'curation', 'note'].map((t) => activityTypeLabel('id', t))).toEqual([
      'Kunjungan',
      'Telepon',
      'Rujukan',
      'Pelatihan',
      'Kurasi produk',
      'Catatan',
    ]);
    expect(['ecp', 'desa_devisa', 'klinik_ekspor', 'rumah_kurasi', 'other'].map((p) => programmeLabel('id', p))).toEqual([
      'Export Coaching Program (ECP)',
      'Desa Devisa',
      'Klinik Ekspor',
      'Rumah Kurasi',
      'Lainnya',
    ]);
  });
});
