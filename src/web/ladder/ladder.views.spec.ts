import type { PathwayMarket } from '../../pathway/pathway.types';
import { ladderView, nextStepPage } from './ladder.views';

const market = (over: Partial<PathwayMarket> = {}): PathwayMarket => ({
  market: 'MY',
  rung: 'own_cn',
  rungIndex: 1,
  evidence: {
    rule: { id: 'Pesanan dengan CN yang mencantumkan usaha sebagai pengirim', en: 'An order declared by CN naming the business as sender' },
    orders: [{ id: 'o1', orderedOn: '2026-11-20', declaration: 'cn', declaredBy: 'self', originCertificate: 'none' }],
    ordersMatching: 12,
    documents: [],
  },
  next: {
    rung: 'consolidated',
    steps: [
      { code: 'PKBK', title: 'Ikut PKBK <gabungan>', reason: 'Ongkos per paket lebih murah', issuer: 'Penyelenggara pos / koperasi → DJBC' },
      { code: 'SATS-LN', title: 'SATS-LN', reason: 'Kulit ular (CITES Apendiks II)', issuer: 'KSDAE / BKSDA' },
    ],
  },
  ...over,
});
const text = (s: { value: string }) =>
  s.value
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('ladder views', () => {
  it('draws the ladder with the current rung marked for screen readers and the next outlined', () => {
    const v = ladderView({ lang: 'id' }, market()).value;
    expect(v).toContain('<h2 id="ladder-MY-h">Malaysia: CN atas nama sendiri <span class="muted">(anak tangga 1 dari 6)</span></h2>');
    expect(v).toContain('<svg viewBox="0 0 704 140" width="100%" role="img" aria-label="Tangga ekspor: anak tangga 1 dari 6" focusable="false">');
    expect(v).toContain('<rect x="104" y="92" width="92" height="44" rx="6" fill="#0b5d4b" stroke="#d0d5dd" stroke-width="2"/>');
    expect(v).toContain('<rect x="204" y="78" width="92" height="58" rx="6" fill="#eef0f3" stroke="#a14400" stroke-width="4" stroke-dasharray="10 6"/>');
    expect(v.match(/aria-current="step"/g)).toHaveLength(1);
    expect(v).toContain('<li data-rung="own_cn" aria-current="step"><strong>CN atas nama sendiri</strong> <span class="pill">posisi sekarang</span></li>');
    expect(v).toContain('<li data-rung="consolidated">Kiriman gabungan <span class="pill">berikutnya</span></li>');
    expect(v).toContain(
      '<ol class="ladder-rungs" reversed start="6" aria-label="Anak tangga, dari yang tertinggi">' +
        '<li data-rung="certified_exporter">Eksportir bersertifikat</li>',
    );
    expect(text(ladderView({ lang: 'id' }, market()))).toContain(
      'Pesanan dengan CN yang mencantumkan usaha sebagai pengirim. 12 pesanan dalam 26 minggu terakhir memenuhi syarat ini, terakhir 20 Nov 2026. ' +
        'Langkah berikutnya: Kiriman gabungan Syaratnya: Pesanan dalam pemberitahuan konsolidasi (PKBK) atau lewat koperasi/agregator. Yang perlu disiapkan: ' +
        'Ikut PKBK &lt;gabungan&gt; (PKBK) Ongkos per paket lebih murah Diterbitkan oleh: Penyelenggara pos / koperasi → DJBC SATS-LN (SATS-LN)',
    );
  });

  it('English, the top rung with its document, and no next step', () => {
    const top = market({
      rung: 'certified_exporter',
      rungIndex: 6,
      next: null,
      evidence: {
        rule: { id: 'x', en: 'A valid certified-exporter document and an order with a PEB that self-certifies origin' },
        orders: [],
        ordersMatching: 2,
        documents: [{ id: 'd1', type: 'certified_exporter', number: 'EB-77', expiresOn: '2027-03-31' }],
      },
    });
    const v = ladderView({ lang: 'en' }, top);
    expect(v.value).toContain('Malaysia: Certified exporter <span class="muted">(rung 6 of 6)</span>');
    expect(v.value).toContain('<li>Certified exporter EB-77 · valid until 31 Mar 2027</li>');
    expect(v.value).not.toContain('class="pill">next');
    expect(text(v)).toContain(
      '2 orders in the last 26 weeks meet it. Certified exporter EB-77 · valid until 31 Mar 2027 ' + 'On the top rung already. Keep the documents valid.',
    );
  });

  it("the owner's page: a ladder per market, or what to do without orders", () => {
    const sg = market({ market: 'SG', rung: 'unrecorded', rungIndex: 0, next: { rung: 'own_cn', steps: [] } });
    const p = nextStepPage({ lang: 'id' }, { businessId: 'b', asOf: '2026-11-24', markets: [market(), sg] });
    expect(p.value).toContain('<h1>Langkah berikutnya</h1>');
    expect(p.value).toContain('Dihitung dari pesanan Anda 26 minggu terakhir sampai 24 Nov 2026');
    expect(p.value.match(/<section class="card ladder"/g)).toHaveLength(2);
    expect(text(p)).toContain('Singapura: Belum tercatat (anak tangga 0 dari 6)');
    expect(text(p)).toContain('12 pesanan dalam 26 minggu terakhir, terakhir 20 Nov 2026.');
    const none = nextStepPage({ lang: 'en' }, { businessId: 'b', asOf: '2026-11-24', markets: [] });
    expect(text(none)).toBe(
      'Your next step Worked out from your orders of the 26 weeks up to 24 Nov 2026 and the documents the department has checked. ' +
        'Each destination has its own ladder. No overseas orders in the last 26 weeks. Log your orders, then see your next step here. Log an order',
    );
  });
});
