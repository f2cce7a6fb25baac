import type { BusinessDto } from '../../businesses/dto/business.dto';
import { flag } from '../review/flag-fixtures';
import type { WebCtx } from '../web-context';
import { businessDetailView, BusinessDetailData } from './business-detail.views';
import { businessListView } from './businesses.views';
import { ownerPaperworkView } from './flags-view';

const ctx = (lang: 'id' | 'en' = 'id'): WebCtx => ({ lang, csrf: 'tok', path: '/dinas/usaha', secure: false });
const row = {
  id: 'b1',
  name: 'Ulla Leather',
  district: 'Lasem',
  materials: ['snakeskin'],
  has_customs_access: false,
  orders_90d: 26,
  value_90d: '7379832',
  users: 1,
};
const business: BusinessDto = {
  id: 'b1',
  name: 'Ulla Leather',
  district: 'Lasem',
  ownerName: 'Bu Ulla',
  email: 'ulla@contoh.id',
  phone: null,
  nib: null,
  hasCustomsAccess: false,
  materials: ['snakeskin'],
  monthlyCapacity: { bag: 40 },
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};
const detail = (over: Partial<BusinessDetailData> = {}): BusinessDetailData => ({
  business,
  accounts: [],
  buyers: [{ market: 'MY', buyer_key: 'abcdef123456', orders: 4, value_idr: '7379832', first_on: '2026-09-01', last_on: '2026-11-20' }],
  chart: { from: '2026-11-02', to: '2026-11-22', points: [] },
  flags: [flag()],
  history: new Map(),
  today: '2026-11-25',
  ...over,
});

describe('business views', () => {
  it('lists businesses with their 90-day value in Rupiah, the create form closed', () => {
    const html = businessListView(ctx(), { rows: [row] }).value;
    expect(html).toContain('<a href="/dinas/usaha/b1">Ulla Leather</a>');
    expect(html).toContain('<td data-label="Nilai 90 hari" class="num">Rp\u00a07.379.832</td>');
    expect(html).toContain('<details class="card" id="add-business"><summary>Tambah usaha binaan</summary>');
  });

  it('a create post with a bad email opens the form, keeps the input and puts the Indonesian error beside the field', () => {
    const html = businessListView(ctx(), {
      rows: [],
      create: {
        errors: { email: [{ rule: 'isEmail', message: 'email must be a valid email address' }] },
        values: { name: 'Kulit Pari Sejahtera', district: 'Sarang', email: 'not-an-email', ownerName: '', phone: '', materials: ['stingray'] },
      },
    }).value;
    expect(html).toContain('<details class="card" id="add-business" open>');
    expect(html).toContain('name="email" value="not-an-email" type="email" aria-invalid="true" aria-describedby="err-email">');
    expect(html).toContain('<p class="field-error" id="err-email" role="alert">Alamat email tidak valid.</p>');
    expect(html).toContain('value="Kulit Pari Sejahtera"');
    expect(html).toContain('<option selected>Sarang</option>');
    expect(html).toContain('value="stingray" checked');
    expect(html).toContain('Periksa 1 kolom yang ditandai; belum ada yang disimpan.');
  });

  it('the business page shows buyers by pseudonym, the flag with its paperwork, and prefills the invitation', () => {
    const html = businessDetailView(ctx('en'), detail()).value;
    expect(html).toContain('Buyer A · <code>abcdef</code>');
    expect(html).not.toContain('abcdef123456<');
    expect(html).toContain('<td data-label="Value" class="num">Rp\u00a07,379,832</td>');
    expect(html).toContain('name="email" type="email" required value="ulla@contoh.id"');
    expect(html).toContain('<h2>Current flags</h2>');
    expect(html).toContain('<li><b>Izin SATS-LN</b> (SATS-LN) — Bahan kulit ular</li>');
  });

  it('an invite that failed opens the form with the error beside the email', () => {
    const invite = { errors: { email: [{ rule: 'isEmail', message: 'x' }] }, values: { email: 'bukan-email', name: '' } };
    const html = businessDetailView(ctx(), detail({ invite })).value;
    expect(html).toContain('<details id="invite" open>');
    expect(html).toContain('value="bukan-email" aria-invalid="true"');
    expect(html).toContain('id="err-email" role="alert">Alamat email tidak valid.');
  });

  it('the owner sees the paperwork of each active flag, or that there is none', () => {
    const html = ownerPaperworkView(ctx(), [flag()]).value;
    expect(html).toContain('<section class="card" id="paperwork-MY-readiness">');
    expect(html).toContain('<li>Kontinuitas: pesanan di 13 dari 13 minggu terakhir</li>');
    expect(ownerPaperworkView(ctx('en'), []).value).toContain('There is currently no note from the department');
  });
});
