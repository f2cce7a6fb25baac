import {
  applyDecorators,
  ArgumentsHost,
  CanActivate,
  Catch,
  Controller,
  ExceptionFilter,
  ExecutionContext,
  Injectable,
  Logger,
  SetMetadata,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { AccountsService, actorOf } from '../accounts/accounts.service';
import { Public } from '../auth/auth.decorators';
import { ActivitiesService } from '../casework/activities.service';
import type { UserRow } from '../accounts/accounts.repository';
import { isStaff, type Actor, type Role } from '../auth/actor';
import { DomainError } from '../common/errors';
import { toErrorBody } from '../common/http-exception.filter';
import { Env } from '../config/env.schema';
import type { Lang } from './i18n';
import { errorPage } from './layout';
import { readCookies, setCookie } from './cookies';
import { redirect } from './respond';

export const SESSION_COOKIE = 'se_sid';
export const PRE_COOKIE = 'se_pre';
export const LANG_COOKIE = 'se_lang';

/** What every page handler gets: who is signed in, the language, and the form token. */
export interface WebCtx {
  lang: Lang;
  user?: UserRow;
  actor?: Actor;
  /** CSRF token to put in every form (hidden field `_csrf`) and in the X-CSRF-Token header of scripted requests. */
  csrf: string;
  path: string;
  secure: boolean;
  /** staff pages only: overdue follow-ups in the officer's kecamatan, for the banner at the top (layout.ts) */
  followUps?: { overdue: number; districts: string[] | null };
}
export type WebRequest = FastifyRequest & { web: WebCtx };

const WEB_ROLES = 'siap:web-roles';
const WEB_ANON = 'siap:web-anon';
/** Only these roles may open the page; others get 404 (business) or 403 (staff). */
export const WebRoles = (...roles: Role[]) => SetMetadata(WEB_ROLES, roles);
/** The page works without signing in (login, password links, assets). */
export const WebAnon = () => SetMetadata(WEB_ANON, true);

/** Thrown to send the browser elsewhere (e.g. to the login page). */
export class RedirectTo extends Error {
  constructor(readonly url: string) {
    super(`redirect ${url}`);
  }
}
export class CsrfRejected extends DomainError {
  constructor() {
    super(403, 'csrf', 'the form token is missing or wrong: reload the page and try again');
  }
}

export function cookieOpts(secure: boolean, maxAgeS?: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, ...(maxAgeS ? { maxAge: maxAgeS } : {}) };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Session guard for the web pages (the API keeps its bearer keys): resolves the session cookie,
 * checks the role, and refuses any state-changing request without the right CSRF token.
 */
@Injectable()
export class WebGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: AccountsService,
    private readonly env: Env,
    private readonly activities: ActivitiesService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<WebRequest>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const targets = [ctx.getHandler(), ctx.getClass()];
    const secure = this.env.PUBLIC_BASE_URL.startsWith('https:') || req.headers['x-forwarded-proto'] === 'https';
    const cookies = readCookies(req);
    const sid = cookies[SESSION_COOKIE];
    const user = await this.accounts.resolveSession(sid);
    let binding = user ? sid! : cookies[PRE_COOKIE];
    if (!binding) {
      binding = randomBytes(18).toString('base64url');
      setCookie(reply, PRE_COOKIE, binding, cookieOpts(secure));
    }
    const cookieLang = cookies[LANG_COOKIE];
    const lang: Lang = cookieLang === 'en' || cookieLang === 'id' ? cookieLang : (user?.locale ?? 'id');
    const path = req.url.split('?')[0];
    req.web = { lang, user, actor: user ? actorOf(user) : undefined, csrf: this.accounts.csrfToken(binding), path, secure };

    if (UNSAFE.has(req.method)) {
      const body = req.body as Record<string, unknown> | undefined;
      const token = req.headers['x-csrf-token'] ?? (body && typeof body === 'object' && !('pipe' in body) ? body._csrf : undefined);
      if (!this.accounts.csrfValid(binding, token)) throw new CsrfRejected();
    }
    if (this.reflector.getAllAndOverride<boolean>(WEB_ANON, targets)) return true;
    if (!user) {
      if (req.method === 'GET') throw new RedirectTo(`/masuk?lanjut=${encodeURIComponent(req.url)}`);
      throw new DomainError(401, 'unauthorized', 'please sign in again');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(WEB_ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      // a business must not learn that staff pages exist; staff simply have no business pages
      if (user.role === 'business') throw new DomainError(404, 'not_found', 'page not found');
      throw new DomainError(403, 'forbidden', 'this page is for business owners');
    }
    // the page context's one casework step: every staff page shows the overdue follow-ups on top
    if (req.method === 'GET' && isStaff(req.web.actor!)) {
      const due = await this.activities.overdueFor(user.email);
      req.web.followUps = { overdue: due.count, districts: due.districts };
    }
    return true;
  }
}

/** Errors on pages become pages (or JSON for scripted requests), never the API's JSON for a browser. */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebError');
  catch(err: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<WebRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (err instanceof RedirectTo) {
      void redirect(reply, err.url);
      return;
    }
    const body = toErrorBody(err, this.logger);
    const wantsJson = /application\/json/.test(String(req.headers.accept ?? '')) && !/text\/html/.test(String(req.headers.accept ?? ''));
    if (wantsJson) {
      void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
      return;
    }
    const lang = req.web?.lang ?? 'id';
    void reply
      .status(body.statusCode)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(errorPage(req.web ?? { lang, csrf: '', path: '/', secure: false }, body.statusCode, body.message));
  }
}

/**
 * A controller of signed-in pages under `path` for `roles`: outside the API (no bearer key, not in
 * the OpenAPI document), behind the session guard, errors rendered as pages.
 */
export const WebPages = (path: string, ...roles: Role[]) =>
  applyDecorators(ApiExcludeController(), Public(), WebRoles(...roles), UseGuards(WebGuard), UseFilters(WebExceptionFilter), Controller(path));
