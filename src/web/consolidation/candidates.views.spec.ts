import type { Candidate } from '../../consolidation/consolidation.types';
import { candidatesView, groupName } from './candidates.views';

const candidate: Candidate = {
  key: 'SG:cotton',
  market: 'SG',
  material: 'cotton',
  businesses: [
    {
      businessId: 'b-1',
      businessName: 'Batik <Sekar>',
      orders13w: 7,
      value13wIdr: 27_200_000,
      weight13wKg: 10.5,
      district: 'Lasem',
      rung: 'own_cn',
      valueShare: 0.544,
    },
    {
      businessId: 'b-2',
      businessName: 'Batik Pusaka',
      orders13w: 6,
      value13wIdr: 22_800_000,
      weight13wKg: 9,
      district: 'Lasem',
      rung: 'unrecorded',
      valueShare: 0.456,
    },
  ],
  combined: { orders13w: 13, value13wIdr: 50_000_000, weight13wKg: 19.5, activeWeeks13: 13, repeatBuyers: 4 },
  meetsReadiness: true,
  suggestedRoute: 'pkbk',
  suggestedRouteReason: 'Kiriman terberat 1,5 kg',
  suggestedCoordinatorId: 'b-1',
  reasons: ['2 usaha bersama mengirim katun ke Singapura'],
  checklist: [{ code: 'PKBK', title: 'Ikut PKBK', reason: 'Ongkos per paket lebih murah' }],
};
const render = (lang: 'id' | 'en', items = [candidate]) =>
  candidatesView({ lang, csrf: 'tok' }, { asOf: '2026-11-22', market: 'SG', markets: ['MY', 'SG'], items }).toString();

describe('joint-export candidates page', () => {
  it('lists members linking to their pages with shares, the combined numbers, route, coordinator and checklist', () => {
    const h = render('id');
    expect(h).toContain('<a href="/dinas/usaha/b-1">Batik &lt;Sekar&gt;</a> <span class="pill">koordinator</span>');
    expect(h).toContain('<a href="/dinas/usaha/b-2">Batik Pusaka</a>');
    expect(h).toContain('<b class="num">Rp\u00a050 jt</b>Nilai');
    expect(h).toContain('Rp\u00a027.200.000');
    expect(h).toContain('19,5 kg');
    expect(h).toContain('54%');
    expect(h).toContain('Jalur usulan: Kiriman pos gabungan (PKBK)');
    expect(h).toContain('Koordinator usulan: <a href="/dinas/usaha/b-1">');
    expect(h).toContain('<li data-code="PKBK"><strong>Ikut PKBK</strong> (PKBK)');
    expect(h).toContain('<option value="SG" selected>');
    // members are a compact table: on a phone each card is one line per figure (test/web/tables.browser.spec.ts)
    expect(h).toContain('<table class="rows compact"><caption>Anggota dan bagiannya</caption>');
  });

  it('renders the "form a group" form with the hidden group fields, one memberBusinessIds per member', () => {
    const h = render('id');
    const form = h.slice(h.indexOf('<form method="post"'), h.indexOf('</form>', h.indexOf('<form method="post"')));
    expect(form).toContain('action="/dinas/ekspor-bersama/kelompok"');
    expect(form).toContain('<input type="hidden" name="_csrf" value="tok">');
    expect(form).toContain('<input type="hidden" name="name" value="Ekspor bersama Katun ke Singapura">');
    expect(form.match(/name="memberBusinessIds"/g)).toHaveLength(2);
    for (const [k, v] of [
      ['market', 'SG'],
      ['material', 'cotton'],
      ['coordinatorBusinessId', 'b-1'],
      ['route', 'pkbk'],
      ['candidateKey', 'SG:cotton'],
    ])
      expect(form).toContain(`<input type="hidden" name="${k}" value="${v}">`);
    expect(form).toContain('>Bentuk kelompok</button>');
  });

  it('speaks English and says when there is nothing', () => {
    expect(render('en')).toContain('>Form a group</button>');
    expect(groupName('en', candidate)).toBe('Joint export of Cotton to Singapore');
    expect(render('en', [])).toContain('No joint-export candidates for this date and market.');
  });
});
