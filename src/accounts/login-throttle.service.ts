import { Injectable, Logger } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { Env } from '../config/env.schema';
import { accountSlowdownMs, blockAfter, BlockScope, LOGIN_THROTTLE, throttleAddress, waitMs } from './login-throttle';
import { LoginThrottleRepository } from './login-throttle.repository';
import { logEvent } from '../common/log-event';

export interface ThrottleKeys {
  accountAddress: Buffer;
  address: Buffer;
  account: Buffer;
}

/** Applies LOGIN_THROTTLE to one sign-in attempt: before (wait or slow down) and after (count, clear). */
@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger(LoginThrottleService.name);

  constructor(
    private readonly repo: LoginThrottleRepository,
    private readonly env: Env,
  ) {}

  /** Keyed hashes, so the table holds neither emails nor addresses. */
  keys(email: string, ip: string | undefined): ThrottleKeys {
    const h = (s: string) => createHmac('sha256', this.env.APP_SECRET).update(`login-throttle:${s}`).digest();
    const account = email.trim().toLowerCase();
    const address = throttleAddress(ip);
    return { accountAddress: h(`ea:${account}\n${address}`), address: h(`a:${address}`), account: h(`e:${account}`) };
  }

  /** Before checking a password: seconds to wait (> 0: answer 429 now), else how long to slow the answer. */
  async before(k: ThrottleKeys, now: Date): Promise<{ retryAfterS: number; slowMs: number }> {
    const rows = await this.repo.read([k.accountAddress, k.address, k.account]);
    const get = (b: Buffer) => rows.get(b.toString('hex'));
    const wait = Math.max(waitMs(get(k.accountAddress), now), waitMs(get(k.address), now));
    return { retryAfterS: Math.ceil(wait / 1000), slowMs: wait ? 0 : accountSlowdownMs(get(k.account), now) };
  }

  /** A wrong password (or an unknown email): count it everywhere and block the scopes over their free count. */
  async failed(k: ThrottleKeys, now: Date): Promise<void> {
    const counts = await this.repo.fail([k.accountAddress, k.address, k.account], now, new Date(now.getTime() - LOGIN_THROTTLE.quietMs));
    for (const scope of ['accountAddress', 'address'] as BlockScope[]) {
      const until = blockAfter(scope, counts.get(k[scope].toString('hex')) ?? 0, now);
      if (!until) continue;
      await this.repo.block(k[scope], until);
      const seconds = Math.round((until.getTime() - now.getTime()) / 1000);
      logEvent(this.logger, 'sign-in throttled', { scope, failures: counts.get(k[scope].toString('hex')), seconds }, 'warn');
    }
  }

  /** The right password: that address starts afresh for that account. */
  async succeeded(k: ThrottleKeys): Promise<void> {
    await this.repo.clear(k.accountAddress);
  }
}
