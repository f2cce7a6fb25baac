import type { UserRow } from '../../accounts/accounts.repository';
import { DISTRICTS } from '../../common/reference-data';
import type { SubscriptionDto } from '../../digests/dto/digest.dto';
import type { RateDto } from '../../rates/dto/rate.dto';
import type { WebhookDto } from '../../webhooks/dto/webhook.dto';
import { errorSummary, fieldError, FieldErrors, invalidAttrs } from '../forms';
import { Column, dataTable, html, SafeHtml } from '../html';
import { cadenceLabel, dateLabel, deliveryStatusLabel, Lang, num, roleLabel, tr, webhookEventLabel } from '../i18n';
import { csrfField } from '../layout';
import type { WebCtx } from '../web-context';

type Ctx = Pick<WebCtx, 'lang' | 'csrf'> & { admin: boolean; now: Date };

/** A form's state after a failed post: what was typed and what is wrong. */
export interface FormState {
  input: Record<string, string>;
  errors: FieldErrors;
}
export type SettingsForm = 'invite' | 'subscriber' | 'rate';

export interface SettingsData {
  users: Array<Pick<UserRow, 'id' | 'email' | 'role' | 'business_name' | 'disabled_at' | 'password_hash' | 'locked_until'>>;
  subscribers: SubscriptionDto[];
  /** null for officers: webhooks are the admins' */
  webhooks: WebhookDto[] | null;
  rates: RateDto[];
  failed?: { form: SettingsForm } & FormState;
}

const LOCALE: Record<string, string> = { id: 'Bahasa Indonesia', en: 'English' };

/** The DTO rules whose API message is a pattern: said plainly here. */
const PATTERN_TEXT: Record<string, [string, string]> = {
  idrPerUnit: [
    'Harus angka lebih dari 0 (paling banyak 12 digit sebelum koma dan 8 sesudahnya), mis. 3.731,25.',
    'Must be a number above 0 (at most 12 digits before the decimal point and 8 after), e.g. 3731.25.',
  ],
  currency: ['Harus kode mata uang 3 huruf (ISO 4217), mis. MYR.', 'Must be a 3-letter currency code (ISO 4217), e.g. MYR.'],
  sendAt: ['Harus jam JJ:MM (00:00 sampai 23:59).', 'Must be a time HH:MM (00:00 to 23:59).'],
};

function errorFor(l: Lang, errors: FieldErrors | undefined, field: string): SafeHtml {
  const own = PATTERN_TEXT[field];
  const plain = own && errors?.[field]?.some((e) => e.rule === 'matches');
  if (plain) return fieldError(l, { [field]: [{ rule: 'pattern', message: tr(l, ...own) }] }, field);
  return fieldError(l, errors, field);
}

/** One labelled input with its error beside it and the typed value kept. */
function input(l: Lang, s: FormState | undefined, id: string, name: string, label: string, attrs: SafeHtml, value = ''): SafeHtml {
  const typed = s?.input[name] ?? value;
  return html`<label for="${id}">${label}</label>
<input id="${id}" name="${name}" value="${typed}"${attrs}${invalidAttrs(s?.errors, name)}>${errorFor(l, s?.errors, name)}`;
}
/** A select of [value, label] options, the typed one selected, its error beside it. */
function select(l: Lang, s: FormState | undefined, id: string, name: string, label: string, opts: Array<[string, string]>): SafeHtml {
  const options = opts.map(([v, t]) => opt(v, t, s?.input[name]));
  return html`<label for="${id}">${label}</label>
<select id="${id}" name="${name}"${invalidAttrs(s?.errors, name)}>${options}</select>${errorFor(l, s?.errors, name)}`;
}
const opt = (v: string, label: string, cur: string | undefined) => html`<option value="${v}"${cur === v ? html` selected` : ''}>${label}</option>`;

function userState(l: Lang, u: SettingsData['users'][number], now: Date): string {
  if (u.disabled_at) return tr(l, 'Nonaktif', 'Disabled');
  if (!u.password_hash) return tr(l, 'Diundang', 'Invited');
  return u.locked_until && u.locked_until > now ? tr(l, 'Terkunci', 'Locked') : tr(l, 'Aktif', 'Active');
}

function usersSection(c: Ctx, users: SettingsData['users'], s: FormState | undefined): SafeHtml {
  const l = c.lang;
  const reset = (u: SettingsData['users'][number]) => html`<form method="post" action="/dinas/pengaturan/pengguna/${u.id}/reset">${csrfField(c)}
<button class="link" type="submit">${tr(l, 'Kirim tautan atur ulang', 'Send reset link')}</button></form>`;
  const roles = (c.admin ? ['officer', 'admin', 'business'] : ['business']).map((r): [string, string] => [r, roleLabel(l, r)]);
  const cols: Column<SettingsData['users'][number]>[] = [
    { label: 'Email', cell: (u) => u.email },
    { label: tr(l, 'Peran', 'Role'), cell: (u) => roleLabel(l, u.role) },
    { label: tr(l, 'Usaha', 'Business'), cell: (u) => u.business_name ?? '' },
    { label: 'Status', cell: (u) => userState(l, u, c.now) },
    { label: tr(l, 'Tindakan', 'Action'), cell: (u) => (c.admin || u.role === 'business' ? reset(u) : '') },
  ];
  return html`<section class="card" aria-labelledby="users-h"><h2 id="users-h">${tr(l, 'Pengguna', 'Users')}</h2>
${dataTable(cols, users, { id: 'users' })}
<details${s ? html` open` : ''}><summary>${tr(l, 'Undang pengguna', 'Invite a user')}</summary>
<form method="post" action="/dinas/pengaturan/pengguna" id="invite-form" novalidate>${csrfField(c)}
${errorSummary(l, s?.errors)}
${input(l, s, 'u-email', 'email', 'Email', html` type="email" required`)}
${input(l, s, 'u-name', 'name', tr(l, 'Nama', 'Name'), html` maxlength="200"`)}
${select(l, s, 'u-role', 'role', tr(l, 'Peran', 'Role'), roles)}
${input(l, s, 'u-biz', 'businessId', tr(l, 'ID usaha (untuk peran pelaku usaha)', 'Business id (for the business role)'), html``)}
<div class="actions"><button type="submit">${tr(l, 'Kirim undangan', 'Send invitation')}</button></div></form></details></section>`;
}

function subscribersSection(c: Ctx, subs: SubscriptionDto[], s: FormState | undefined): SafeHtml {
  const l = c.lang;
  const filters = (x: SubscriptionDto) => [...x.districts, ...x.markets, ...x.materials, ...x.kinds].join(', ') || tr(l, 'semua', 'all');
  const districts: Array<[string, string]> = [['', tr(l, 'Semua', 'All')], ...DISTRICTS.map((d): [string, string] => [d, d])];
  const cadences = ['weekly', 'daily'].map((k): [string, string] => [k, cadenceLabel(l, k)]);
  const cols: Column<SubscriptionDto>[] = [
    { label: 'Email', cell: (x) => x.email },
    { label: tr(l, 'Bahasa', 'Language'), cell: (x) => LOCALE[x.locale] ?? x.locale },
    { label: tr(l, 'Jadwal', 'Cadence'), cell: (x) => `${cadenceLabel(l, x.cadence)} ${tr(l, 'pukul', 'at')} ${x.sendAt}` },
    { label: tr(l, 'Filter', 'Filters'), cell: filters },
    { label: tr(l, 'Aktif', 'Active'), cell: (x) => (x.active ? tr(l, 'Ya', 'Yes') : tr(l, 'Tidak', 'No')) },
  ];
  const none = tr(l, 'Belum ada pelanggan.', 'No subscriber yet.');
  return html`<section class="card" aria-labelledby="subs-h"><h2 id="subs-h">${tr(l, 'Pelanggan ringkasan email', 'Digest subscribers')}</h2>
${dataTable(cols, subs, { id: 'subscribers', empty: none })}
<details${s ? html` open` : ''}><summary>${tr(l, 'Tambah pelanggan', 'Add a subscriber')}</summary>
<form method="post" action="/dinas/pengaturan/pelanggan" id="subscriber-form" novalidate>${csrfField(c)}
${errorSummary(l, s?.errors)}
${input(l, s, 's-email', 'email', 'Email', html` type="email" required`)}
${input(l, s, 's-name', 'name', tr(l, 'Nama', 'Name'), html` maxlength="200"`)}
${select(l, s, 's-locale', 'locale', tr(l, 'Bahasa', 'Language'), Object.entries(LOCALE))}
${select(l, s, 's-district', 'districts', tr(l, 'Kecamatan (kosong = semua)', 'District (empty = all)'), districts)}
<div class="row"><div>${select(l, s, 's-cadence', 'cadence', tr(l, 'Jadwal', 'Cadence'), cadences)}</div>
<div>${input(l, s, 's-at', 'sendAt', tr(l, 'Pukul (WIB)', 'At (WIB)'), html` type="time"`, '07:00')}</div></div>
<div class="actions"><button type="submit">${tr(l, 'Simpan', 'Save')}</button></div></form></details></section>`;
}

function webhooksSection(c: Ctx, hooks: WebhookDto[] | null): SafeHtml {
  const l = c.lang;
  const head = html`<h2 id="hooks-h">Webhook</h2>`;
  const adminsOnly = html`<p class="muted">${tr(l, 'Webhook dikelola oleh admin.', 'Webhooks are managed by admins.')}</p>`;
  if (!hooks) return html`<section class="card" aria-labelledby="hooks-h">${head}${adminsOnly}</section>`;
  const failures = (h: WebhookDto) => (h.consecutiveFailures ? tr(l, ` (${h.consecutiveFailures}× gagal)`, ` (${h.consecutiveFailures}× failed)`) : '');
  const cols: Column<WebhookDto>[] = [
    { label: 'URL', cell: (h) => html`<code>${h.url}</code>` },
    { label: tr(l, 'Peristiwa', 'Events'), cell: (h) => h.events.map((e) => webhookEventLabel(l, e)).join(', ') },
    { label: 'Status', cell: (h) => `${deliveryStatusLabel(l, h.status)}${failures(h)}` },
    { label: 'Log', cell: (h) => html`<a href="/dinas/pengaturan/webhook/${h.id}">${tr(l, 'Log pengiriman', 'Delivery log')}</a>` },
  ];
  const none = tr(l, 'Belum ada webhook (dibuat lewat API).', 'No webhook yet (created through the API).');
  return html`<section class="card" aria-labelledby="hooks-h">${head}${dataTable(cols, hooks, { id: 'webhooks', empty: none })}</section>`;
}

function ratesSection(c: Ctx, rates: RateDto[], s: FormState | undefined): SafeHtml {
  const l = c.lang;
  const form = html`<details${s ? html` open` : ''}><summary>${tr(l, 'Tambah kurs', 'Add a rate')}</summary>
<form method="post" action="/dinas/pengaturan/kurs" id="rate-form" novalidate>${csrfField(c)}
${errorSummary(l, s?.errors)}
<div class="row"><div>${input(l, s, 'r-cur', 'currency', tr(l, 'Mata uang', 'Currency'), html` maxlength="3" required autocapitalize="characters"`)}</div>
<div>${input(l, s, 'r-from', 'validFrom', tr(l, 'Berlaku mulai', 'Valid from'), html` type="date" required`)}</div></div>
${input(l, s, 'r-rate', 'idrPerUnit', tr(l, 'Rp per unit (mis. 3.731,25)', 'IDR per unit (e.g. 3731.25)'), html` inputmode="decimal" required`)}
${input(l, s, 'r-source', 'source', tr(l, 'Sumber (mis. Kurs Pajak KMK)', 'Source (e.g. Kurs Pajak KMK)'), html` maxlength="200"`)}
<div class="actions"><button type="submit">${tr(l, 'Simpan kurs', 'Save rate')}</button></div></form></details>`;
  const cols: Column<RateDto>[] = [
    { label: tr(l, 'Mata uang', 'Currency'), cell: (r) => r.currency },
    { label: tr(l, 'Berlaku mulai', 'Valid from'), cell: (r) => dateLabel(l, r.validFrom) },
    { label: tr(l, 'Rp per unit', 'IDR per unit'), cell: (r) => num(l, r.idrPerUnit), num: true },
    { label: tr(l, 'Sumber', 'Source'), cell: (r) => r.source },
  ];
  return html`<section class="card" aria-labelledby="rates-h"><h2 id="rates-h">${tr(l, 'Kurs (terbaru)', 'Exchange rates (latest)')}</h2>
${dataTable(cols, rates, { id: 'rates' })}
${c.admin ? form : ''}</section>`;
}

/** GET /dinas/pengaturan (and a failed form post on it): users, digest subscribers, webhooks, exchange rates. */
export function settingsPage(c: Ctx, d: SettingsData): SafeHtml {
  const s = (form: SettingsForm) => (d.failed?.form === form ? d.failed : undefined);
  return html`<h1>${tr(c.lang, 'Pengaturan', 'Settings')}</h1>
${usersSection(c, d.users, s('invite'))}
${subscribersSection(c, d.subscribers, s('subscriber'))}
${webhooksSection(c, d.webhooks)}
${ratesSection(c, d.rates, s('rate'))}`;
}
