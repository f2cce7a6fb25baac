import { Snapshot, SnapshotItem } from '../reports/report.types';
import { DIGEST_LIMITS, DigestInput, renderDigest } from './digest-render';

const DISTRICTS = ['Lasem', 'Sluke', 'Kragan', 'Rembang', 'Sarang', 'Pamotan'];
const MARKETS = ['MY', 'CN', 'SG', 'BN'];
const STATUSES = ['open', 'in_review', 'paperwork_in_progress'];
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A row shaped like the real ones: seven reasons, five paperwork entries, a 13-week series, uuids. */
function realistic(n: number, change: SnapshotItem['change']): SnapshotItem {
  const reason = (k: number) => ({
    id: `✓ Kontinuitas: pesanan ke Malaysia di ${k % 4} dari 4 bulan terakhir (ambang 3); ${k} pembeli berulang, 64 % pesanan dari pembeli berulang`,
    en: `✓ Continuity: orders to Malaysia in ${k % 4} of the last 4 months (threshold 3); ${k} repeat buyers, 64 % of orders from repeat buyers`,
  });
  const entry = (code: string) => ({
    code,
    title: { id: `Surat Keterangan Asal ${code}`, en: `Certificate of origin ${code}` },
    reason: {
      id: `Ekspor formal ke Malaysia memerlukan ${code} yang terdaftar di kepabeanan (REC CEISA)`,
      en: `Formal export to Malaysia needs ${code} registered with customs (REC CEISA)`,
    },
  });
  return {
    flagId: uuid(n),
    businessId: uuid(100_000 + n),
    businessName: `UMKM Kulit Ular Binaan Nomor ${n}`,
    district: DISTRICTS[n % DISTRICTS.length],
    market: MARKETS[n % MARKETS.length],
    kind: n % 5 ? 'readiness' : 'compliance',
    change,
    status: STATUSES[n % 3],
    score: (n * 37) % 100,
    ordersThisWeek: n % 7,
    orders13w: 10 + (n % 30),
    value13wIdr: 40_000_000 + n * 125_000,
    repeatBuyers: n % 6,
    heaviestParcelKg: 12.5,
    wildlifeMaterials: ['snakeskin'],
    materials: ['snakeskin'],
    signalsHit: ['continuity', 'repeatBuyers'],
    reasons: Array.from({ length: 7 }, (_, k) => reason(k + n)),
    checklist: ['NIB', 'PEB', 'SKA-D', 'SATS-LN', 'KH-12'].map(entry),
    suggestedAction: 'visit',
    raisedOn: '2026-08-02',
    resolvedOn: change === 'resolved' ? '2026-11-22' : null,
    series: Array.from({ length: 13 }, (_, w) => ({
      week: `2026-W${String(35 + w).padStart(2, '0')}`,
      orders: (n + w) % 9,
      valueIdr: 1_000_000 * ((n + w) % 9),
    })),
  };
}

function input(items: SnapshotItem[], locale: 'id' | 'en'): DigestInput {
  const snapshot: Snapshot = {
    week: '2026-W47',
    weekStart: '2026-11-16',
    weekEnd: '2026-11-22',
    schemaVersion: 1,
    ruleSetVersion: 3,
    runId: null,
    previousWeek: '2026-W46',
    publishedAt: new Date('2026-11-23T00:05:00Z'),
    items,
    counts: { total: items.length, new: 0, continuing: 0, resolved: 0 },
  };
  return {
    snapshot,
    items,
    locale,
    name: 'Bu Sri Wahyuni',
    repeat: false,
    filters: { districts: [], markets: [], materials: [], kinds: [] },
    links: {
      base: 'https://siap-ekspor.rembangkab.go.id',
      unsubscribe: `https://siap-ekspor.rembangkab.go.id/api/v1/digests/unsubscribe?s=${uuid(1)}&t=${'x'.repeat(43)}`,
    },
  };
}

const kb = (s: string) => Buffer.byteLength(s, 'utf8') / 1024;

describe('digest size (Gmail clips an HTML part above ~102 kB)', () => {
  it('a list of 500 rows: every new and resolved flag listed, continuing summarised, HTML well under 60 kB', () => {
    const items = [
      ...Array.from({ length: 40 }, (_, i) => realistic(i, 'new')),
      ...Array.from({ length: 440 }, (_, i) => realistic(1000 + i, 'continuing')),
      ...Array.from({ length: 20 }, (_, i) => realistic(2000 + i, 'resolved')),
    ];
    for (const locale of ['id', 'en'] as const) {
      const m = renderDigest(input(items, locale));
      expect(kb(m.html)).toBeLessThan(60);
      for (const i of items.filter((x) => x.change !== 'continuing')) {
        expect(m.html).toContain(`>${i.businessName}</b></a>`);
        expect(m.text).toContain(`* ${i.businessName} — `);
        expect(m.html).toContain(`/dinas/usaha/${i.businessId}#flag-${i.flagId}`);
      }
      // continuing: counts by kecamatan add up, the top 10 by score listed, the rest behind the link
      const going = items.filter((x) => x.change === 'continuing');
      const perDistrict = /^(?:Per kecamatan|By district \(kecamatan\)): (.+)$/m
        .exec(m.text)![1]
        .split(' · ')
        .map((p) => Number(p.split(' ').pop()));
      expect(perDistrict.reduce((a, b) => a + b, 0)).toBe(440);
      const top = going.slice().sort((a, b) => b.score - a.score || b.value13wIdr - a.value13wIdr || a.businessName.localeCompare(b.businessName));
      for (const i of top.slice(0, 10)) expect(m.text).toContain(`* ${i.businessName} — `);
      expect(m.text).not.toContain(`* ${top[10].businessName} — `);
      expect(m.text).toContain(
        locale === 'id'
          ? 'Lihat ke-440 bendera yang berlanjut di dasbor: https://siap-ekspor.rembangkab.go.id/dinas/mingguan?minggu=2026-W47&perubahan=continuing'
          : 'See all 440 continuing flags on the dashboard: https://siap-ekspor.rembangkab.go.id/dinas/mingguan?minggu=2026-W47&perubahan=continuing',
      );
      // the top new flags in full (reasons, paperwork, chart), the others one line each
      expect((m.html.match(/bgcolor="#2f7d4a"/g) ?? []).length).toBeGreaterThan(0);
      expect((m.html.match(/<table role="presentation" width="100%" cellpadding="6"/g) ?? []).length).toBe(DIGEST_LIMITS.cards);
      expect(m.text).toContain(locale === 'id' ? 'Dokumen yang perlu disiapkan:' : 'Paperwork to prepare:');
    }
  });

  it('a first list where all 1,200 rows are new stays under 100 kB: the rest is counted, with its link', () => {
    const items = Array.from({ length: 1200 }, (_, i) => realistic(i, 'new'));
    const m = renderDigest(input(items, 'id'));
    expect(kb(m.html)).toBeLessThan(100);
    const more = /… dan ([\d.]+) lainnya\. Lihat di dasbor: (\S+)/.exec(m.text)!;
    const listed = (m.text.match(/^\* /gm) ?? []).length;
    expect(listed + Number(more[1].replace(/\./g, ''))).toBe(1200);
    expect(more[2]).toBe('https://siap-ekspor.rembangkab.go.id/dinas/mingguan?minggu=2026-W47&perubahan=new');
    expect(m.html).toContain(
      `<em>… dan ${more[1]} lainnya.</em> <a href="https://siap-ekspor.rembangkab.go.id/dinas/mingguan?minggu=2026-W47&amp;perubahan=new">Lihat di dasbor</a>`,
    );
  });
});
