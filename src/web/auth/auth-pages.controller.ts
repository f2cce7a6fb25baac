import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountsService, SESSION_IDLE_MS } from '../../accounts/accounts.service';
import { Public } from '../../auth/auth.decorators';
import { ASSETS, AssetName } from '../assets';
import { clearCookie, readCookies, setCookie } from '../cookies';
import { FieldErrors, validateForm } from '../forms';
import { tr } from '../i18n';
import { page } from '../layout';
import { redirect, sendPage, str } from '../respond';
import { cookieOpts, LANG_COOKIE, SESSION_COOKIE, WebAnon, WebCtx, WebExceptionFilter, WebGuard, WebRequest } from '../web-context';
import { ForgotPasswordForm, SetPasswordForm, SignInForm } from './auth-forms';
import { forgotView, LoginData, loginView, setPasswordTitle, setPasswordView } from './auth.views';

function homeFor(role: string | undefined): string {
  return role === 'business' ? '/pesanan' : role ? '/dinas/mingguan' : '/masuk';
}

const loginPage = (c: WebCtx, d: LoginData = {}) => page(c, tr(c.lang, 'Masuk', 'Sign in'), loginView(c, d));
const linkGone = (c: WebCtx) =>
  loginPage(c, {
    error: tr(c.lang, 'Tautan ini sudah dipakai atau kedaluwarsa. Minta tautan baru.', 'This link was already used or has expired. Ask for a new one.'),
  });

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

  /** A malformed form is a 400 beside the field (no attempt counted); a wrong email or password stays one answer, 401. */
  @Post('masuk')
  async login(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const l = req.web.lang;
    const next = str(body, 'lanjut');
    const form = await validateForm(SignInForm, body);
    if (!form.ok) return sendPage(reply, loginPage(req.web, { email: str(body, 'email'), next, errors: form.errors }), 400);
    const email = form.dto.email;
    // the password exactly as typed: spaces in it count
    const r = await this.accounts.login(email, str(body, 'password'), req.ip);
    if (!r.ok) {
      if (r.reason === 'throttled') {
        const wait =
          r.retryAfterS > 90
            ? tr(l, `${Math.ceil(r.retryAfterS / 60)} menit`, `${Math.ceil(r.retryAfterS / 60)} minutes`)
            : tr(l, `${r.retryAfterS} detik`, `${r.retryAfterS} seconds`);
        const error = tr(
          l,
          `Terlalu banyak percobaan yang salah dari sini. Coba lagi dalam ${wait} atau minta tautan atur ulang.`,
          `Too many wrong attempts from here. Try again in ${wait} or ask for a reset link.`,
        );
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
    return sendPage(reply, page(req.web, tr(req.web.lang, 'Lupa kata sandi', 'Forgot password'), forgotView(req.web)));
  }

  /** The same answer for every well-formed email, known or not; only a malformed one is told so. */
  @Post('lupa-sandi')
  async forgot(@Req() req: WebRequest, @Body() body: unknown, @Res() reply: FastifyReply) {
    const l = req.web.lang;
    const form = await validateForm(ForgotPasswordForm, body);
    if (!form.ok)
      return sendPage(
        reply,
        page(req.web, tr(l, 'Lupa kata sandi', 'Forgot password'), forgotView(req.web, { email: str(body, 'email'), errors: form.errors })),
        400,
      );
    this.accounts.requestReset(form.dto.email); // answered before any lookup or mail work
    return sendPage(
      reply,
      loginPage(req.web, {
        info: tr(
          l,
          'Jika email itu terdaftar, tautan atur ulang (berlaku 1 jam) sudah dikirim.',
          'If that email has an account, a reset link (valid 1 hour) has been sent.',
        ),
      }),
    );
  }

  @Get('sandi/:token')
  async tokenForm(@Req() req: WebRequest, @Param('token') token: string, @Res() reply: FastifyReply) {
    const t = await this.accounts.peekToken(token);
    if (!t) return sendPage(reply, linkGone(req.web), 410);
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(reply, page(req.web, setPasswordTitle(req.web.lang, t.kind), setPasswordView(req.web, { token, email: t.email, kind: t.kind })));
  }

  @Post('sandi/:token')
  async tokenSubmit(@Req() req: WebRequest, @Param('token') token: string, @Body() body: unknown, @Res() reply: FastifyReply) {
    const form = await validateForm(SetPasswordForm, body);
    let errors: FieldErrors | undefined = form.ok ? undefined : form.errors;
    if (form.ok) {
      // the password exactly as typed; the service applies its own rules too (e.g. not the email)
      const r = await this.accounts.completeToken(token, str(body, 'password'));
      if (r.ok) {
        const session = await this.accounts.createSession(r.user.id);
        setCookie(reply, SESSION_COOKIE, session, cookieOpts(req.web.secure, SESSION_IDLE_MS / 1000));
        return redirect(reply, homeFor(r.user.role));
      }
      if (r.reason === 'token') return sendPage(reply, linkGone(req.web), 410);
      errors = { password: [{ rule: r.reason, message: `password: ${r.reason}` }] };
    }
    const t = await this.accounts.peekToken(token);
    if (!t) return sendPage(reply, linkGone(req.web), 410);
    const view = setPasswordView(req.web, { token, email: t.email, kind: t.kind, errors });
    return sendPage(reply, page(req.web, setPasswordTitle(req.web.lang, t.kind), view), 400);
  }
}
