import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Actor, actorLabel, Role } from '../auth/actor';
import { AuditRepository } from '../audit/audit.repository';
import { BusinessesService } from '../businesses/businesses.service';
import { Clock } from '../common/clock';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../common/errors';
import { Env } from '../config/env.schema';
import { Db } from '../database/db';
import { MailService } from '../mail/mail.service';
import { AccountsRepository, TokenKind, UserRow } from './accounts.repository';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordHasher, passwordProblem } from './passwords';
import { logEvent } from '../common/log-event';

/** Sessions slide: 12 hours after the last request, at most 7 days after login is not enforced separately. */
export const SESSION_IDLE_MS = 12 * 3600_000;
const INVITE_TTL_MS = 7 * 24 * 3600_000;
const RESET_TTL_MS = 60 * 60_000;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** No lock-out: a wrong password is `invalid` for every account, known or not; `throttled` is per address (LOGIN_THROTTLE). */
export type LoginResult =
  { ok: true; user: UserRow; sessionToken: string } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'throttled'; retryAfterS: number };

export interface InviteInput {
  email: string;
  name?: string;
  role: Role;
  businessId?: string;
  locale?: 'id' | 'en';
}

export function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** The actor a signed-in person acts as: the same role rules as API keys. */
export function actorOf(user: Pick<UserRow, 'id' | 'role' | 'business_id'>): Actor {
  return { role: user.role, keyId: `user:${user.id}`, businessId: user.business_id ?? undefined };
}

/**
 * People with passwords, for the web pages. Passwords are argon2id; invite and reset links are
 * one-time tokens stored as SHA-256 (high-entropy, so a fast hash is right); sessions likewise.
 */
@Injectable()
export class AccountsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AccountsService.name);
  /** Reset requests answered but not yet processed (see requestReset). */
  private readonly background = new Set<Promise<void>>();

  constructor(
    private readonly repo: AccountsRepository,
    private readonly businesses: BusinessesService,
    private readonly audit: AuditRepository,
    private readonly mail: MailService,
    private readonly clock: Clock,
    private readonly env: Env,
    private readonly db: Db,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottleService,
  ) {}

  /**
   * One sign-in attempt from client address `ip`. Existing, unknown and disabled accounts take the
   * same path (one throttle read, one lookup, one argon2 verify, one throttle write on failure) and
   * get the same answer, so neither the status nor the time tells which emails have accounts.
   */
  async login(email: string, password: string, ip?: string): Promise<LoginResult> {
    const now = this.clock.now();
    const keys = this.throttle.keys(email, ip);
    const { retryAfterS, slowMs } = await this.throttle.before(keys, now);
    if (retryAfterS > 0) return { ok: false, reason: 'throttled', retryAfterS };
    if (slowMs) await sleep(slowMs);
    const found = email ? await this.repo.findByEmail(email.trim()) : undefined;
    const user = found?.password_hash && !found.disabled_at ? found : undefined;
    const matches = await this.hasher.verify(user?.password_hash ?? (await this.hasher.dummyHash()), password);
    if (!user || !matches) {
      await this.throttle.failed(keys, now);
      return { ok: false, reason: 'invalid' };
    }
    await this.throttle.succeeded(keys);
    await this.repo.recordSuccess(user.id, now);
    return { ok: true, user, sessionToken: await this.createSession(user.id) };
  }

  async createSession(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.repo.insertSession(sha256(token), userId, now, new Date(now.getTime() + SESSION_IDLE_MS));
    return token;
  }

  /** The signed-in user for a session cookie, sliding its expiry at most once a minute. */
  async resolveSession(token: string | undefined): Promise<UserRow | undefined> {
    if (!token || token.length > 100) return undefined;
    const now = this.clock.now();
    const hash = sha256(token);
    const row = await this.repo.findSession(hash, now);
    if (!row) return undefined;
    if (now.getTime() - row.last_seen_at.getTime() > 60_000) await this.repo.touchSession(hash, now, new Date(now.getTime() + SESSION_IDLE_MS));
    return row;
  }

  logout(token: string | undefined): Promise<number> {
    return token ? this.repo.deleteSession(sha256(token)) : Promise.resolve(0);
  }

  /** CSRF token bound to a session (or a pre-login cookie): HMAC, so nothing is stored. */
  csrfToken(binding: string): string {
    return createHmac('sha256', this.env.APP_SECRET).update(`csrf:${binding}`).digest('base64url');
  }

  csrfValid(binding: string | undefined, token: unknown): boolean {
    if (!binding || typeof token !== 'string' || !token) return false;
    const want = Buffer.from(this.csrfToken(binding));
    const got = Buffer.from(token);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  setLocale(userId: string, locale: 'id' | 'en'): Promise<number> {
    return this.repo.setLocale(userId, locale);
  }

  list(actor: Actor, filter: { businessId?: string } = {}): Promise<UserRow[]> {
    if (actor.role === 'business') return this.repo.list({ businessId: actor.businessId });
    return this.repo.list(filter);
  }

  /** Admins invite anyone; officers invite business owners only. The person sets a password from the emailed link. */
  async invite(actor: Actor, input: InviteInput): Promise<UserRow> {
    const email = (input.email ?? '').trim();
    const problems: string[] = [];
    if (!EMAIL_RE.test(email) || email.length > 200) problems.push('email: must be an email address');
    if (!['admin', 'officer', 'business'].includes(input.role)) problems.push('role: must be one of admin, officer, business');
    if (input.role === 'business' && !input.businessId) problems.push('businessId: is required for role business');
    if (input.role !== 'business' && input.businessId) problems.push('businessId: only for role business');
    if (input.name && input.name.length > 200) problems.push('name: must be at most 200 characters');
    if (problems.length) throw new InvalidInput(problems);
    if (actor.role === 'business') throw new Forbidden();
    if (actor.role === 'officer' && input.role !== 'business') throw new Forbidden('officers may invite business owners only');
    if (input.businessId) await this.businesses.assertVisible(actor, input.businessId);
    const { user, token } = await this.db.tx(async (c) => {
      const user = await this.repo.insert(
        { email, name: input.name?.trim() || null, role: input.role, businessId: input.businessId, locale: input.locale, createdBy: actorLabel(actor) },
        c,
      );
      if (!user) throw new Conflict('email: a user with this email already exists');
      const token = await this.issueToken(user.id, 'invite', c);
      await this.audit.append(
        actor,
        { action: 'user.invited', entityType: 'user', entityId: user.id, details: { role: user.role, businessId: user.business_id } },
        c,
      );
      return { user, token };
    });
    await this.sendLink(user, 'invite', token);
    return user;
  }

  /** Creates a user with a password straight away (seeding and tests; the web flow uses invites). */
  async createWithPassword(actor: Actor | 'system', input: InviteInput & { password: string }): Promise<UserRow> {
    const problem = passwordProblem(input.password, input.email);
    if (problem) throw new InvalidInput(`password: ${problem}`);
    const hash = await this.hasher.hash(input.password);
    const user = await this.repo.insert({
      email: input.email.trim(),
      name: input.name,
      role: input.role,
      businessId: input.businessId,
      locale: input.locale,
      passwordHash: hash,
      createdBy: actor === 'system' ? 'system' : actorLabel(actor),
    });
    if (!user) throw new Conflict('email: a user with this email already exists');
    return user;
  }

  /**
   * Self-service "forgot password": returns at once, before any lookup, so the answer (and its
   * timing) is the same for every email; the link goes, in the background, only to a known, active
   * account. Shutdown waits for requests in flight.
   */
  requestReset(email: string): void {
    const job: Promise<void> = new Promise<void>((r) => setImmediate(r))
      .then(() => this.sendReset(email))
      .catch((err: unknown) => logEvent(this.logger, 'reset request failed', { error: err instanceof Error ? err.message : String(err) }, 'warn'))
      .finally(() => this.background.delete(job));
    this.background.add(job);
  }

  /** Resolves once every reset request answered so far has been processed. */
  async idle(): Promise<void> {
    while (this.background.size) await Promise.all([...this.background]);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.idle();
  }

  private async sendReset(email: string): Promise<void> {
    const user = email ? await this.repo.findByEmail(email.trim()) : undefined;
    if (!user || user.disabled_at) return;
    const token = await this.issueToken(user.id, 'reset');
    await this.audit.append('system', { action: 'user.reset_requested', entityType: 'user', entityId: user.id });
    await this.sendLink(user, 'reset', token);
  }

  /** An admin sends a reset link (and lifts a lock-out); officers may do so for business owners. */
  async adminReset(actor: Actor, userId: string): Promise<UserRow> {
    const user = await this.repo.findById(userId);
    if (!user || actor.role === 'business') throw new NotFound('user');
    if (actor.role === 'officer' && user.role !== 'business') throw new Forbidden('officers may reset business owners only');
    const token = await this.db.tx(async (c) => {
      await this.audit.append(actor, { action: 'user.reset_sent', entityType: 'user', entityId: user.id }, c);
      return this.issueToken(user.id, 'reset', c);
    });
    await this.sendLink(user, 'reset', token);
    return user;
  }

  async setDisabled(actor: Actor, userId: string, disabled: boolean): Promise<void> {
    if (actor.role !== 'admin') throw new Forbidden('only admins may disable accounts');
    const user = await this.repo.findById(userId);
    if (!user) throw new NotFound('user');
    if (actor.keyId === `user:${userId}`) throw new InvalidInput('user: you cannot disable your own account');
    await this.db.tx(async (c) => {
      await this.repo.setDisabled(userId, disabled, this.clock.now(), c);
      if (disabled) await this.repo.deleteSessionsOf(userId, c);
      await this.audit.append(actor, { action: disabled ? 'user.disabled' : 'user.enabled', entityType: 'user', entityId: userId }, c);
    });
  }

  /** The account a link is for, while the link is still usable. */
  async peekToken(token: string): Promise<{ email: string; kind: TokenKind } | undefined> {
    if (!token || token.length > 100) return undefined;
    const row = await this.repo.peekToken(sha256(token), this.clock.now());
    return row ? { email: row.email, kind: row.kind } : undefined;
  }

  /** Uses a one-time link to set a password; every other session of that user ends. */
  async completeToken(
    token: string,
    password: string,
  ): Promise<{ ok: true; user: UserRow } | { ok: false; reason: 'token' | 'too_short' | 'too_long' | 'is_email' }> {
    const peek = await this.peekToken(token);
    if (!peek) return { ok: false, reason: 'token' };
    const problem = passwordProblem(password, peek.email);
    if (problem) return { ok: false, reason: problem };
    const hash = await this.hasher.hash(password);
    const userId = await this.db.tx(async (c) => {
      const used = await this.repo.consumeToken(sha256(token), this.clock.now(), c);
      if (!used) return undefined;
      await this.repo.setPassword(used.user_id, hash, c);
      await this.repo.deleteSessionsOf(used.user_id, c);
      await this.audit.append(
        'system',
        { action: used.kind === 'invite' ? 'user.activated' : 'user.password_reset', entityType: 'user', entityId: used.user_id },
        c,
      );
      return used.user_id;
    });
    if (!userId) return { ok: false, reason: 'token' };
    return { ok: true, user: (await this.repo.findById(userId))! };
  }

  private async issueToken(userId: string, kind: TokenKind, c?: Parameters<AccountsRepository['insertToken']>[4]): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const ttl = kind === 'invite' ? INVITE_TTL_MS : RESET_TTL_MS;
    await this.repo.insertToken(sha256(token), userId, kind, new Date(this.clock.now().getTime() + ttl), c);
    return token;
  }

  private async sendLink(user: UserRow, kind: TokenKind, token: string): Promise<void> {
    const url = `${this.env.PUBLIC_BASE_URL.replace(/\/$/, '')}/sandi/${token}`;
    const id = user.locale !== 'en';
    const subject =
      kind === 'invite'
        ? id
          ? 'Undangan ke Siap Ekspor'
          : 'Your invitation to Siap Ekspor'
        : id
          ? 'Atur ulang kata sandi Siap Ekspor'
          : 'Reset your Siap Ekspor password';
    const lead =
      kind === 'invite'
        ? id
          ? 'Anda diundang ke Siap Ekspor. Buat kata sandi Anda lewat tautan ini (berlaku 7 hari):'
          : 'You have been invited to Siap Ekspor. Set your password with this link (valid for 7 days):'
        : id
          ? 'Ada permintaan atur ulang kata sandi. Tautan ini berlaku 1 jam dan hanya sekali pakai:'
          : 'A password reset was requested. This link works once, within 1 hour:';
    const ignore = id ? 'Jika Anda tidak memintanya, abaikan email ini.' : 'If you did not ask for this, ignore this email.';
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
    await this.mail.send({
      to: user.email,
      subject,
      text: `${lead}\n\n${url}\n\n${ignore}\n`,
      html: `<p>${esc(lead)}</p><p><a href="${esc(url)}">${esc(url)}</a></p><p>${esc(ignore)}</p>`,
      messageId: `${kind}-${user.id}-${sha256(token).toString('hex').slice(0, 12)}`,
    });
    logEvent(this.logger, 'account link sent', { kind, userId: user.id });
  }
}
