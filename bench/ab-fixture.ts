import { Client } from 'pg';
import { addDays, wibDate } from '../src/common/time';
import { openDataSource } from '../src/database/migrate';
import { validateOrder } from '../src/orders/order-input';
import { admin, APP_SECRET, dbUrl } from './common';
import { Business, copyBusinesses, copyOrders, history, loadRates, makeBusinesses, RateTable, RowMaker, withoutOrderIndexes } from './generator';

/** The database of an A/B run (ab-insert, ab-single): migrated, `businesses` businesses and `orders` orders of history, analysed. */
export async function abDatabase(name: string, businesses: number, orders: number) {
  await (await openDataSource(dbUrl(name), { poolSize: 2 })).destroy();
  const c = new Client({ connectionString: dbUrl(name) });
  await c.connect();
  const bs: Business[] = makeBusinesses(businesses);
  await copyBusinesses(c, bs);
  const rates: RateTable = await loadRates(c);
  const maker = new RowMaker(APP_SECRET, rates);
  const endDay = addDays(wibDate(new Date()), -1);
  await withoutOrderIndexes(c, () => copyOrders(c, history({ businesses: bs, orders, endDay, rates }), maker));
  await c.query('VACUUM ANALYZE');
  const ctx = {
    now: new Date(),
    currencies: { get: (code: string) => ({ minorUnits: rates.minor.get(code) ?? 2, earliest: '2000-01-01' }) },
    source: 'json' as const,
  };
  /** A generated order through the product's validation, as the endpoint would store it. */
  const validated = (json: Record<string, unknown>) => {
    const v = validateOrder(json, ctx);
    if (!v.ok) throw new Error(v.errors.join());
    return v.order;
  };
  return { c, bs, rates, maker, endDay, validated };
}

export type AbFixture = Awaited<ReturnType<typeof abDatabase>>;

/** Runs an A/B script on its own database, dropped afterwards; a failure exits 1. */
export function abMain(name: string, businesses: number, orders: number, body: (fx: AbFixture) => Promise<void>): void {
  const run = async () => {
    const fx = await abDatabase(name, businesses, orders);
    try {
      await body(fx);
    } finally {
      await fx.c.end();
      await admin((x) => x.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  };
  run().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
