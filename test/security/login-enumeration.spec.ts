import type { AddressInfo } from 'node:net';
import { AccountsRepository } from '../../src/accounts/accounts.repository';
import { AccountsService } from '../../src/accounts/accounts.service';
import { PasswordHasher } from '../../src/accounts/passwords';
import { MailService } from '../../src/mail/mail.service';
import { startTestApp, TestApp } from '../utils/test-app';
import { clientFrom, createUser, PASSWORD } from '../web/web-helpers';

const WRONG = 'salah-salah-salah';
/** The page without the echoed email and the per-session CSRF token. */
const normalised = (html: string) => html.replace(/value="[^"]*"/g, 'value=""');

describe('sign-in and reset: the same answer for existing and unknown accounts, throttled per address without lock-outs', () => {
  let t: TestApp;
  let base: string;
  let n = 10;
  /** Every test signs in from its own loopback addresses, so per-address counts do not mix. */
  const client = () => clientFrom(base, `127.0.0.${n++}`);

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  it('answers repeated failures for an unknown email exactly as for an existing one: 401 five times, then 429 with Retry-After, never 423', async () => {
    const u = await createUser(t, 'officer');
    const unknown = `tidak-ada-${Date.now()}@contoh.id`;
    const [a, b] = [client(), client()];
    const known: Array<[number, string | undefined]> = [];
    const stranger: Array<[number, string | undefined]> = [];
    let pages: string[] = [];
    for (let i = 0; i < 8; i++) {
      const x = await a.signIn(u.email, WRONG);
      const y = await b.signIn(unknown, WRONG);
      known.push([x.status, x.headers['retry-after'] as string | undefined]);
      stranger.push([y.status, y.headers['retry-after'] as string | undefined]);
      pages = [normalised(x.text), normalised(y.text)];
      expect(pages[0]).toBe(pages[1]);
    }
    expect(known).toEqual(stranger);
    expect(known).toEqual([...Array(5).fill([401, undefined]), ...Array(3).fill([429, '30'])]);
    expect(pages[0]).toContain('Terlalu banyak percobaan yang salah dari sini. Coba lagi dalam 30 detik');
  });

  it("keeps the real user signing in from their own address while a stranger's failures throttle only the stranger, with backoff", async () => {
    const u = await createUser(t, 'officer');
    const attacker = client();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await attacker.signIn(u.email, WRONG)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // throttled before the password is looked at: even the right one waits
    const right = await attacker.signIn(u.email, PASSWORD);
    expect([right.status, right.headers['retry-after']]).toEqual([429, '30']);

    const real = client();
    expect((await real.signIn(u.email, WRONG)).status).toBe(401);
    const ok = await real.signIn(u.email, PASSWORD);
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/dinas/mingguan');

    // after the wait the stranger gets one more guess, then waits twice as long
    t.clock.advance(31_000);
    expect((await attacker.signIn(u.email, WRONG)).status).toBe(401);
    const again = await attacker.signIn(u.email, WRONG);
    expect([again.status, again.headers['retry-after']]).toEqual([429, '60']);
  });

  it('never locks an account: after failures from many addresses the owner still signs in', async () => {
    const u = await createUser(t, 'officer');
    for (let k = 0; k < 3; k++) {
      const c = client();
      for (let i = 0; i < 5; i++) expect((await c.signIn(u.email, WRONG)).status).toBe(401);
    }
    expect((await client().signIn(u.email, PASSWORD)).status).toBe(303);
  });

  it('runs the password hasher exactly once per attempt for existing, unknown, disabled and invited accounts, and not at all when throttled', async () => {
    const hasher = t.app.get(PasswordHasher);
    const calls: string[] = [];
    const verify = hasher.verify.bind(hasher);
    hasher.verify = async (hash, pw) => {
      calls.push(hash);
      return verify(hash, pw);
    };
    try {
      const existing = await createUser(t, 'officer');
      const disabled = await createUser(t, 'officer');
      await t.db.exec('UPDATE users SET disabled_at = now() WHERE id = $1', [disabled.id]);
      const invited = await createUser(t, 'officer');
      await t.db.exec('UPDATE users SET password_hash = NULL WHERE id = $1', [invited.id]);
      const dummy = await hasher.dummyHash();
      const real = (await t.db.one<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [existing.id]))!.password_hash;
      const c = client();
      for (const [email, hash] of [
        [existing.email, real],
        [`nobody-${Date.now()}@contoh.id`, dummy],
        [disabled.email, dummy],
        [invited.email, dummy],
      ]) {
        calls.length = 0;
        expect((await c.signIn(email, WRONG)).status).toBe(401);
        expect(calls).toEqual([hash]);
      }
      // throttled: answered before any lookup or hashing, for both kinds of email
      const x = client();
      const y = client();
      for (let i = 0; i < 5; i++) await Promise.all([x.signIn(existing.email, WRONG), y.signIn(`nobody-${i}x@contoh.id`, WRONG)]);
      const stranger = `nobody-${Date.now()}@contoh.id`;
      for (let i = 0; i < 5; i++) await y.signIn(stranger, WRONG);
      calls.length = 0;
      expect((await x.signIn(existing.email, WRONG)).status).toBe(429);
      expect((await y.signIn(stranger, WRONG)).status).toBe(429);
      expect(calls).toEqual([]);
    } finally {
      hasher.verify = verify;
    }
  });

  it('answers a reset request before looking the email up or touching mail, the same for existing and unknown emails', async () => {
    const u = await createUser(t, 'officer');
    const repo = t.app.get(AccountsRepository);
    const mail = t.app.get(MailService);
    const accounts = t.app.get(AccountsService);
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const looked: string[] = [];
    const sent: string[] = [];
    const find = repo.findByEmail.bind(repo);
    const send = mail.send.bind(mail);
    repo.findByEmail = async (email) => {
      looked.push(email);
      await gate; // the lookup cannot finish until both answers are in
      return find(email);
    };
    mail.send = async (m) => {
      sent.push(String(m.to));
      return send(m);
    };
    try {
      const c = client();
      const a = await c.submit('/lupa-sandi', { email: u.email });
      const b = await c.submit('/lupa-sandi', { email: 'tidak-ada@contoh.id' });
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(normalised(a.text)).toBe(normalised(b.text));
      expect(sent).toEqual([]);
      open();
      await accounts.idle();
      expect(looked).toEqual([u.email, 'tidak-ada@contoh.id']);
      expect(sent).toEqual([u.email]);
    } finally {
      repo.findByEmail = find;
      mail.send = send;
      open();
    }
  });
});
