import type { SubscriptionDto } from '../../digests/dto/digest.dto';
import type { WebhookDeliveryDto, WebhookDto } from '../../webhooks/dto/webhook.dto';
import { SettingsData, settingsPage } from './settings.views';
import { webhookPage } from './webhook.views';

const now = new Date('2026-11-25T03:00:00Z');
const sub = (over: Partial<SubscriptionDto>): SubscriptionDto => ({
  id: 's1',
  email: 'sari@contoh.id',
  name: null,
  locale: 'id',
  districts: [],
  markets: [],
  materials: [],
  kinds: [],
  cadence: 'weekly',
  sendAt: '07:00',
  timeZone: 'Asia/Jakarta',
  sendWhenEmpty: true,
  active: true,
  unsubscribedAt: null,
  createdAt: '',
  updatedAt: '',
  ...over,
});
const hook: WebhookDto = {
  id: 'h1',
  url: 'https://bi.example/hook?a=1&b=2',
  events: ['flag.raised'],
  status: 'active',
  description: null,
  contactEmail: null,
  consecutiveFailures: 0,
  disabledAt: null,
  disabledReason: null,
  previousSecretExpiresAt: null,
  createdAt: '',
};
const data = (over: Partial<SettingsData> = {}): SettingsData => ({
  users: [{ id: 'u1', email: 'a@contoh.id', role: 'admin', business_name: null, disabled_at: null, password_hash: 'x', locked_until: new Date(+now + 36e5) }],
  subscribers: [sub({ cadence: 'daily', sendAt: '06:30', districts: ['Lasem'] }), sub({ email: 'b@contoh.id', locale: 'en', active: false })],
  webhooks: [hook],
  rates: [{ currency: 'MYR', validFrom: '2026-12-10', idrPerUnit: '3731.25', source: 'Kurs Pajak', createdAt: '' }],
  ...over,
});

describe('settings page views', () => {
  it('labels cadences, languages, user states and numbers in Indonesian, and in English on en', () => {
    const id = settingsPage({ lang: 'id', csrf: 't', admin: true, now }, data()).value;
    expect(id).toContain('<td data-label="Email">sari@contoh.id</td><td data-label="Bahasa">Bahasa Indonesia</td>');
    expect(id).toContain('<td data-label="Jadwal">Harian pukul 06:30</td>');
    expect(id).toContain('<td data-label="Jadwal">Mingguan pukul 07:00</td>');
    expect(id).toContain('<td data-label="Status">Terkunci</td>');
    expect(id).toContain('<td data-label="Berlaku mulai">10 Des 2026</td><td data-label="Rp per unit" class="num">3.731,25</td>');
    expect(id).toContain('<code>https://bi.example/hook?a=1&amp;b=2</code>');
    expect(id).toContain('id="rate-form"');
    expect(id).not.toContain('<details open>');
    const en = settingsPage({ lang: 'en', csrf: 't', admin: true, now }, data()).value;
    expect(en).toContain('<td data-label="Cadence">Daily at 06:30</td>');
    expect(en).toContain('<td data-label="IDR per unit" class="num">3,731.25</td>');
  });

  it('gives officers no webhooks and no rate form, and only business owners to reset', () => {
    const out = settingsPage({ lang: 'id', csrf: 't', admin: false, now }, data({ webhooks: null })).value;
    expect(out).toContain('Webhook dikelola oleh admin.');
    expect(out).not.toContain('id="rate-form"');
    expect(out).not.toContain('/dinas/pengaturan/pengguna/u1/reset');
    expect(out).toContain('<select id="u-role" name="role"><option value="business">Pelaku usaha</option></select>');
  });

  it('re-renders a failed form open, with the typed values kept and each error beside its field', () => {
    const failed = {
      form: 'rate' as const,
      input: { currency: 'myr', validFrom: '2026-12-07', idrPerUnit: '-5' },
      errors: {
        idrPerUnit: [{ rule: 'matches', message: 'idrPerUnit must be a positive decimal' }],
        validFrom: [{ rule: 'service', message: 'not a real calendar date' }],
      },
    };
    const out = settingsPage({ lang: 'id', csrf: 't', admin: true, now }, data({ failed })).value;
    expect(out).toContain('<details open><summary>Tambah kurs</summary>');
    const rate = '<input id="r-rate" name="idrPerUnit" value="-5" inputmode="decimal" required aria-invalid="true" aria-describedby="err-idrPerUnit">';
    expect(out).toContain(`${rate}<p class="field-error" id="err-idrPerUnit" role="alert">Harus angka lebih dari 0`);
    expect(out).toContain('<p class="field-error" id="err-validFrom" role="alert">not a real calendar date</p>');
    expect(out).toContain('value="myr"');
    expect(out).toContain('Periksa 2 kolom yang ditandai');
    expect(out).toContain('<details><summary>Tambah pelanggan</summary>');
  });
});

describe('webhook delivery log view', () => {
  const delivery = (over: Partial<WebhookDeliveryDto>): WebhookDeliveryDto => ({
    id: 'd1',
    eventId: 'e1',
    eventType: 'flag.raised',
    status: 'failed',
    attempts: 3,
    round: 1,
    lastStatusCode: 500,
    lastLatencyMs: 12,
    lastError: 'HTTP <500>',
    nextAttemptAt: null,
    createdAt: '2026-11-25T03:00:00Z',
    deliveredAt: null,
    log: [],
    ...over,
  });

  it('shows states in Indonesian and a "Kirim ulang" form per delivery while the endpoint is active', () => {
    const deliveries = [delivery({}), delivery({ id: 'd2', status: 'succeeded', lastError: null })];
    const out = webhookPage({ lang: 'id', csrf: 'tok' }, { hook, deliveries }).value;
    expect(out).toContain('<span class="pill new">Gagal</span>');
    expect(out).toContain('<span class="pill resolved">Terkirim</span>');
    expect(out).toContain('HTTP &lt;500&gt;');
    expect(out).toContain('25 Nov 2026 10:00 WIB');
    expect(out).toContain('<form method="post" action="/dinas/pengaturan/webhook/h1/pengiriman/d2/kirim-ulang"><input type="hidden" name="_csrf" value="tok">');
    expect(out.match(/Kirim ulang<\/button>/g)).toHaveLength(2);
    const off = { ...hook, status: 'disabled', disabledReason: 'failed 3 times' };
    const disabled = webhookPage({ lang: 'en', csrf: 'tok' }, { hook: off, deliveries: [delivery({})] }).value;
    expect(disabled).not.toContain('kirim-ulang');
    expect(disabled).toContain('Disabled · failed 3 times');
  });
});
