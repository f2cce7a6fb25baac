import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountsService } from '../accounts/accounts.service';
import { Public } from '../auth/auth.decorators';
import { ASSETS, AssetName } from './assets';
import { html } from './html';
import { tr } from './i18n';
import { clearCookie, readCookies, setCookie } from './cookies';
import { csrfField, page } from './layout';
import { redirect, sendPage, str } from './respond';
import { cookieOpts, LANG_COOKIE, SESSION_COOKIE, WebAnon, WebCtx, WebExceptionFilter, WebGuard, WebRequest } from './web-context';
import { SESSION_IDLE_MS } from '../accounts/accounts.service';

export function homeFor(role: string | undefined): string {
  return role === 'business' ? '/pesanan' : role ? '/dinas/mingguan' : '/masuk';
}

function loginPage(c: WebCtx, opts: { email?: string; next?: string; error?: string; info?: string } = {}): string {
  const l = c.lang;
  return page(c, tr(l, 'Masuk', 'Sign in'), html`
<h1>${tr(l, 'Masuk', 'Sign in')}</h1>
<div class="card narrow">
${opts.error ? html`<div class="alert bad" role="alert" id="login-error">${opts.error}</div>` : ''}
${opts.info ? html`<div class="alert ok" role="status">${opts.info}</div>` : ''}
<form method="post" action="/masuk" novalidate>
${csrfField(c)}<input type="hidden" name="lanjut" value="${opts.next ?? ''}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${opts.email ?? ''}"${opts.error ? html` aria-describedby="login-error"` : ''}>
<label for="password">${tr(l, 'Kata sandi', 'Password')}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="actions"><button type="submit">${tr(l, 'Masuk', 'Sign in')}</button><a href="/lupa-sandi">${tr(l, 'Lupa kata sandi?', 'Forgot password?')}</a></div>
</form></div>
<p class="muted narrow">${tr(l, 'Belum punya akun? Petugas Dinas Koperasi UKM akan mengirim undangan ke email Anda.', 'No account yet? A department officer sends you an invitation by email.')}</p>`);
}

function setPasswordPage(c: WebCtx, token: string, email: string, kind: string, error?: string): string {
  const l = c.lang;
  const title = kind === 'invite' ? tr(l, 'Buat kata sandi', 'Create your password') : tr(l, 'Atur ulang kata sandi', 'Reset your password');
  return page(c, title, html`<h1>${title}</h1><div class="card narrow">
<p>${tr(l, 'Akun', 'Account')}: <b>${email}</b></p>
<form method="post" action="/sandi/${token}" novalidate>${csrfField(c)}
<label for="password">${tr(l, 'Kata sandi baru', 'New password')}<span class="hint" id="pw-hint">${tr(l, 'Minimal 10 karakter. Kalimat pendek mudah diingat.', 'At least 10 characters. A short sentence is easy to remember.')}</span></label>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="10" aria-describedby="pw-hint${error ? ' pw-err' : ''}"${error ? html` aria-invalid="true"` : ''}>
${error ? html`<p class="err" id="pw-err">${error}</p>` : ''}
<div class="actions"><button type="submit">${tr(l, 'Simpan kata sandi', 'Save password')}</button></div>
</form></div>`);
}

/** Sign-in, sign-out, password links, language switch and the two static assets. */
@ApiExcludeController()
@Public()
@WebAnon()
@UseGuards(WebGuard)
@UseFilters(WebExceptionFilter)
@Controller()
export class AuthPagesController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  home(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    return redirect(reply, homeFor(req.web.user?.role));
  }

  @Get('static/:name')
  asset(@Param('name') name: string, @Headers('if-none-match') inm: string | undefined, @Res() reply: FastifyReply) {
    const a = ASSETS[name as AssetName];
    if (!a) return reply.status(404).send('not found');
    reply.header('content-type', a.type).header('cache-control', 'public, max-age=31536000, immutable').header('etag', a.etag);
    if (inm === a.etag) return reply.status(304).send();
    return reply.send(a.body);
  }

  @Get('masuk')
  loginForm(@Req() req: WebRequest, @Query('lanjut') next: string | undefined, @Res() reply: FastifyReply) {
    if (req.web.user) return redirect(reply, next ?? '', homeFor(req.web.user.role));
    return sendPage(reply, loginPage(req.web, { next }));
  }

  @Post('masuk')
  async login(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const l = req.web.lang;
    const email = str(body, 'email').trim();
    const next = str(body, 'lanjut');
    const r = await this.accounts.login(email, str(body, 'password'), req.ip);
    if (!r.ok) {
      if (r.reason === 'throttled') {
        const wait = r.retryAfterS > 90 ? tr(l, `${Math.ceil(r.retryAfterS / 60)} menit`, `${Math.ceil(r.retryAfterS / 60)} minutes`) : tr(l, `${r.retryAfterS} detik`, `${r.retryAfterS} seconds`);
        const error = tr(l, `Terlalu banyak percobaan yang salah dari sini. Coba lagi dalam ${wait} atau minta tautan atur ulang.`, `Too many wrong attempts from here. Try again in ${wait} or ask for a reset link.`);
        reply.header('retry-after', String(r.retryAfterS));
        return sendPage(reply, loginPage(req.web, { email, next, error }), 429);
      }
      return sendPage(reply, loginPage(req.web, { email, next, error: tr(l, 'Email atau kata sandi salah.', 'Wrong email or password.') }), 401);
    }
    setCookie(reply, SESSION_COOKIE, r.sessionToken, cookieOpts(req.web.secure, SESSION_IDLE_MS / 1000));
    return redirect(reply, next, homeFor(r.user.role));
  }

  @Post('keluar')
  async logout(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    await this.accounts.logout(readCookies(req)[SESSION_COOKIE]);
    clearCookie(reply, SESSION_COOKIE, req.web.secure);
    return redirect(reply, '/masuk');
  }

  @Get('bahasa/:lang')
  async language(@Req() req: WebRequest, @Param('lang') lang: string, @Query('lanjut') next: string | undefined, @Res() reply: FastifyReply) {
    const l = lang === 'en' ? 'en' : 'id';
    setCookie(reply, LANG_COOKIE, l, { ...cookieOpts(req.web.secure, 365 * 86400), httpOnly: false });
    if (req.web.user) await this.accounts.setLocale(req.web.user.id, l);
    return redirect(reply, next ?? '', '/');
  }

  @Get('lupa-sandi')
  forgotForm(@Req() req: WebRequest, @Res() reply: FastifyReply) {
    const l = req.web.lang;
    return sendPage(reply, page(req.web, tr(l, 'Lupa kata sandi', 'Forgot password'), html`<h1>${tr(l, 'Lupa kata sandi', 'Forgot password')}</h1>
<div class="card narrow"><form method="post" action="/lupa-sandi" novalidate>${csrfField(req.web)}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required>
<div class="actions"><button type="submit">${tr(l, 'Kirim tautan', 'Send link')}</button><a href="/masuk">${tr(l, 'Kembali', 'Back')}</a></div></form></div>`));
  }

  @Post('lupa-sandi')
  async forgot(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    this.accounts.requestReset(str(body, 'email')); // answered before any lookup or mail work
    return sendPage(reply, loginPage(req.web, { info: tr(req.web.lang, 'Jika email itu terdaftar, tautan atur ulang (berlaku 1 jam) sudah dikirim.', 'If that email has an account, a reset link (valid 1 hour) has been sent.') }));
  }

  @Get('sandi/:token')
  async tokenForm(@Req() req: WebRequest, @Param('token') token: string, @Res() reply: FastifyReply) {
    const t = await this.accounts.peekToken(token);
    if (!t) return sendPage(reply, loginPage(req.web, { error: tr(req.web.lang, 'Tautan ini sudah dipakai atau kedaluwarsa. Minta tautan baru.', 'This link was already used or has expired. Ask for a new one.') }), 410);
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(reply, setPasswordPage(req.web, token, t.email, t.kind));
  }

  @Post('sandi/:token')
  async tokenSubmit(@Req() req: WebRequest, @Param('token') token: string, @Body() body: unknown, @Res() reply: FastifyReply) {
    const l = req.web.lang;
    const r = await this.accounts.completeToken(token, str(body, 'password'));
    if (!r.ok) {
      if (r.reason === 'token') return sendPage(reply, loginPage(req.web, { error: tr(l, 'Tautan ini sudah dipakai atau kedaluwarsa. Minta tautan baru.', 'This link was already used or has expired. Ask for a new one.') }), 410);
      const t = await this.accounts.peekToken(token);
      const msg = r.reason === 'too_short' ? tr(l, 'Kata sandi minimal 10 karakter.', 'The password needs at least 10 characters.')
        : r.reason === 'too_long' ? tr(l, 'Kata sandi paling banyak 200 karakter.', 'The password may have at most 200 characters.')
        : tr(l, 'Kata sandi tidak boleh sama dengan email.', 'The password must not be your email.');
      return sendPage(reply, setPasswordPage(req.web, token, t?.email ?? '', t?.kind ?? 'reset', msg), 400);
    }
    const session = await this.accounts.createSession(r.user.id);
    setCookie(reply, SESSION_COOKIE, session, cookieOpts(req.web.secure, SESSION_IDLE_MS / 1000));
    return redirect(reply, homeFor(r.user.role));
  }
}
