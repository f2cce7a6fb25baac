import { MAX_PASSWORD, MIN_PASSWORD } from '../../accounts/passwords';
import { errorId, FieldError, fieldErrorText, FieldErrors, invalidAttrs } from '../forms';
import { html, SafeHtml } from '../html';
import { Lang, tr } from '../i18n';
import { csrfField } from '../layout';
import type { WebCtx } from '../web-context';

type Ctx = Pick<WebCtx, 'lang' | 'csrf'>;

/** A sign-in form rule in words; the accounts service's own refusals (too_short, too_long, is_email) too. */
function authErrorText(l: Lang, field: string, e: FieldError): string {
  const long = e.rule === 'too_long' || (e.rule === 'isLength' && /shorter/.test(e.message)) || e.rule === 'maxLength';
  if (field === 'password') {
    if (e.rule === 'is_email') return tr(l, 'Kata sandi tidak boleh sama dengan email.', 'The password must not be your email.');
    if (long) return tr(l, `Kata sandi paling banyak ${MAX_PASSWORD} karakter.`, `The password may have at most ${MAX_PASSWORD} characters.`);
    if (e.rule === 'too_short' || e.rule === 'isLength')
      return tr(l, `Kata sandi minimal ${MIN_PASSWORD} karakter.`, `The password needs at least ${MIN_PASSWORD} characters.`);
    if (e.rule === 'isNotEmpty' || e.rule === 'isString') return tr(l, 'Isi kata sandi.', 'Enter your password.');
  }
  if (field === 'email' && e.rule === 'isLength')
    return long ? tr(l, 'Paling banyak 200 karakter.', 'At most 200 characters.') : fieldErrorText(l, { rule: 'isEmail', message: e.message });
  return fieldErrorText(l, e);
}

const MISSING_RULES: ReadonlySet<string> = new Set(['isDefined', 'isNotEmpty', 'isString']);

/** The error beside a field, in the auth pages' words (`id` from forms.ts errorId, as `invalidAttrs` points to). */
function authFieldError(l: Lang, errors: FieldErrors | undefined, field: string): SafeHtml {
  const all = errors?.[field] ?? [];
  if (!all.length) return html``;
  // an absent value fails its length rules too: then only "fill it in" is said
  const missing = all.filter((e) => MISSING_RULES.has(e.rule));
  const list = missing.length ? missing : all;
  return html`<p class="field-error" id="${errorId(field)}" role="alert">${[...new Set(list.map((e) => authErrorText(l, field, e)))].join(' ')}</p>`;
}

/** Fields of the form that failed but have no input of their own (an unknown field), said on top. */
function otherErrors(l: Lang, errors: FieldErrors | undefined, shown: string[]): SafeHtml {
  const rest = Object.keys(errors ?? {}).filter((f) => !shown.includes(f));
  const said = rest.map((f) => `${f}: ${(errors?.[f] ?? []).map((e) => authErrorText(l, f, e)).join(' ')}`);
  return rest.length ? html`<div class="alert bad" role="alert">${said.join(' · ')}</div>` : html``;
}

export interface LoginData {
  email?: string;
  next?: string;
  /** the service's answer (wrong email or password, too many attempts), shown on top */
  error?: string;
  info?: string;
  errors?: FieldErrors;
}

export function loginView(c: Ctx, d: LoginData = {}): SafeHtml {
  const l = c.lang;
  const e = d.errors;
  const emailAttrs = d.error ? html` aria-describedby="login-error"` : invalidAttrs(e, 'email');
  return html`
<h1>${tr(l, 'Masuk', 'Sign in')}</h1>
<div class="card narrow">
${d.error ? html`<div class="alert bad" role="alert" id="login-error">${d.error}</div>` : ''}
${d.info ? html`<div class="alert ok" role="status">${d.info}</div>` : ''}
${otherErrors(l, e, ['email', 'password'])}
<form method="post" action="/masuk" novalidate>
${csrfField(c)}<input type="hidden" name="lanjut" value="${d.next ?? ''}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${d.email ?? ''}"${emailAttrs}>
${authFieldError(l, e, 'email')}
<label for="password">${tr(l, 'Kata sandi', 'Password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalidAttrs(e, 'password')}>
${authFieldError(l, e, 'password')}
<div class="actions"><button type="submit">${tr(l, 'Masuk', 'Sign in')}</button><a href="/lupa-sandi">${tr(l, 'Lupa kata sandi?', 'Forgot password?')}</a></div>
</form></div>
<p class="muted narrow">${tr(
    l,
    'Belum punya akun? Petugas Dinas Koperasi UKM akan mengirim undangan ke email Anda.',
    'No account yet? A department officer sends you an invitation by email.',
  )}</p>`;
}

export function forgotView(c: Ctx, d: { email?: string; errors?: FieldErrors } = {}): SafeHtml {
  const l = c.lang;
  return html`<h1>${tr(l, 'Lupa kata sandi', 'Forgot password')}</h1>
<div class="card narrow">${otherErrors(l, d.errors, ['email'])}<form method="post" action="/lupa-sandi" novalidate>${csrfField(c)}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${d.email ?? ''}"${invalidAttrs(d.errors, 'email')}>
${authFieldError(l, d.errors, 'email')}
<div class="actions"><button type="submit">${tr(l, 'Kirim tautan', 'Send link')}</button><a href="/masuk">${tr(l, 'Kembali', 'Back')}</a></div></form></div>`;
}

export interface SetPasswordData {
  token: string;
  email: string;
  kind: string;
  errors?: FieldErrors;
}

export const setPasswordTitle = (l: Lang, kind: string) =>
  kind === 'invite' ? tr(l, 'Buat kata sandi', 'Create your password') : tr(l, 'Atur ulang kata sandi', 'Reset your password');

export function setPasswordView(c: Ctx, d: SetPasswordData): SafeHtml {
  const l = c.lang;
  const failed = !!d.errors?.password?.length;
  const hint = tr(
    l,
    `Minimal ${MIN_PASSWORD} karakter. Kalimat pendek mudah diingat.`,
    `At least ${MIN_PASSWORD} characters. A short sentence is easy to remember.`,
  );
  return html`<h1>${setPasswordTitle(l, d.kind)}</h1><div class="card narrow">
<p>${tr(l, 'Akun', 'Account')}: <b>${d.email}</b></p>
${otherErrors(l, d.errors, ['password'])}
<form method="post" action="/sandi/${d.token}" novalidate>${csrfField(c)}
<label for="password">${tr(l, 'Kata sandi baru', 'New password')}<span class="hint" id="pw-hint">${hint}</span></label>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD}"
 aria-describedby="pw-hint${failed ? ` ${errorId('password')}` : ''}"${failed ? html` aria-invalid="true"` : ''}>
${authFieldError(l, d.errors, 'password')}
<div class="actions"><button type="submit">${tr(l, 'Simpan kata sandi', 'Save password')}</button></div>
</form></div>`;
}
