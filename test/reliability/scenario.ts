import { simpleParser, ParsedMail } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { addDays } from '../../src/common/time';
import type { Db } from '../../src/database/db';
import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, TestApp } from '../utils/test-app';

/** Steady weekly orders (26 weeks × 3, four repeat buyers, snakeskin to MY): every such business is flagged readiness + compliance. */
export function steadyOrders(lastDay: string, tag: string, weeks = 26, perWeek = 3): Record<string, unknown>[] {
  const buyers = ['Kedai KL', 'Butik Johor', 'Sabah Craft', 'Ipoh Shop'];
  const rows: Record<string, unknown>[] = [];
  for (let w = 0; w < weeks; w++) {
    for (let i = 0; i < perWeek; i++) {
      rows.push({
        externalRef: `${tag}-${w}-${i}`,
        orderedAt: `${addDays(lastDay, -7 * w - i)}T10:00:00+07:00`,
        destinationCountry: 'MY',
        buyerRef: buyers[(w + i) % buyers.length],
        productCategory: 'bag',
        material: 'snakeskin',
        quantity: 1,
        amount: '1500.00',
        currency: 'MYR',
        shippingChannel: 'post',
        weightKg: 1.5,
      });
    }
  }
  return rows;
}

export async function seedSteadyBusinesses(t: TestApp, n: number, lastDay = '2026-11-21'): Promise<Array<{ id: string; key: string }>> {
  const out: Array<{ id: string; key: string }> = [];
  for (let i = 0; i < n; i++) {
    const b = await createBusinessWithKey(t.http, { name: `Kulit ${i}`, district: 'Lasem' });
    const res = await t.http
      .post('/api/v1/orders/bulk')
      .set(auth(ADMIN_KEY))
      .send({ businessId: b.id, orders: steadyOrders(lastDay, `S${i}`) });
    if (res.status !== 200 || res.body.rejected.length) throw new Error(`seeding failed: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    out.push(b);
  }
  return out;
}

/** Duplicate checks straight from the database: every number here must be 0 after any fault. */
export async function duplicateCounts(db: Db): Promise<Record<string, number>> {
  const q = async (sql: string) => (await db.one<{ n: number }>(sql))!.n;
  return {
    flagEpisodesOverlapping: await q(
      `SELECT count(*)::int AS n FROM (SELECT business_id, market, kind FROM flags WHERE resolved_on IS NULL GROUP BY 1, 2, 3 HAVING count(*) > 1) x`,
    ),
    flagsSameRaise: await q(
      `SELECT count(*)::int AS n FROM (SELECT business_id, market, kind, raised_on FROM flags GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) x`,
    ),
    evaluationsTwicePerRun: await q(
      `SELECT count(*)::int AS n FROM (SELECT run_id, business_id, market, kind FROM flag_evaluations WHERE run_id IS NOT NULL GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) x`,
    ),
    raisedEventsTwice: await q(
      `SELECT count(*)::int AS n FROM (SELECT data->>'flagId' FROM domain_events WHERE type = 'flag.raised' GROUP BY 1 HAVING count(*) > 1) x`,
    ),
    ordersSameRef: await q(
      `SELECT count(*)::int AS n FROM (SELECT business_id, external_ref FROM orders WHERE external_ref IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1) x`,
    ),
    digestRowsTwice: await q(
      `SELECT count(*)::int AS n FROM (SELECT recipient_key, period, kind FROM digest_deliveries GROUP BY 1, 2, 3 HAVING count(*) > 1) x`,
    ),
  };
}

export const NO_DUPLICATES = {
  flagEpisodesOverlapping: 0,
  flagsSameRaise: 0,
  evaluationsTwicePerRun: 0,
  raisedEventsTwice: 0,
  ordersSameRef: 0,
  digestRowsTwice: 0,
};

/**
 * A real SMTP server that records accepted messages. `onMessage(n)` runs when the n-th DATA starts
 * (1-based); returning 'reject' drops that message without accepting it (the sender sees an error).
 */
export class FaultySmtp {
  messages: ParsedMail[] = [];
  started = 0;
  down = false;
  delayMs = 0;
  onMessage?: (n: number) => 'accept' | 'reject';
  private server?: SMTPServer;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onConnect: (_s, cb) => (this.down ? cb(new Error('421 service not available')) : cb()),
      onData: (stream, _session, cb) => {
        const n = ++this.started;
        const verdict = this.onMessage?.(n) ?? 'accept';
        simpleParser(stream)
          .then(async (m) => {
            if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
            if (verdict === 'reject' || this.down) return cb(new Error('451 try again later'));
            this.messages.push(m);
            cb();
          })
          .catch(cb);
      },
    });
    this.server.on('error', () => undefined); // a sender killed mid-DATA resets its connection: expected here
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', () => r()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  /** Messages per recipient address. */
  perRecipient(): Map<string, number> {
    const m = new Map<string, number>();
    for (const msg of this.messages) {
      const to = (Array.isArray(msg.to) ? msg.to : [msg.to]).map((t) => t?.text ?? '').join(',');
      m.set(to, (m.get(to) ?? 0) + 1);
    }
    return m;
  }
}
