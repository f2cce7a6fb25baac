/**
 * The single-order baseline: a minimal node:http server that parses the JSON body and does the
 * same one-row INSERT into `orders` through a pg pool (IDR value from the dated rate, like the
 * product) — no framework, no auth, no validation, no audit. Env: RAW_DATABASE_URL, RAW_PORT,
 * RAW_BUSINESS_ID, RAW_POOL_SIZE.
 */
import http from 'node:http';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.RAW_DATABASE_URL, max: Number(process.env.RAW_POOL_SIZE ?? 20) });
const businessId = process.env.RAW_BUSINESS_ID!;
const MINOR: Record<string, number> = { JPY: 0, KRW: 0 };

const SQL = `INSERT INTO orders (business_id, external_ref, ordered_at, ordered_on, destination_country, buyer_ref, buyer_key, product_category,
    material, quantity, amount_minor, currency, value_idr, shipping_channel, weight_kg, hs_code, created_by)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::bigint, $12,
    (SELECT round($11::bigint::numeric / (10 ^ $15::int) * er.idr_per_unit)::bigint FROM exchange_rates er
      WHERE er.currency = $12 AND er.valid_from <= $4 ORDER BY er.valid_from DESC LIMIT 1),
    $16, $13, $14, 'raw') RETURNING id`;

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let o: Record<string, string | number>;
    try {
      o = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    const at = new Date(String(o.orderedAt));
    const on = new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    const minor = MINOR[String(o.currency)] ?? 2;
    const [i, f = ''] = String(o.amount).split('.');
    const amountMinor = i + f.padEnd(minor, '0').slice(0, minor);
    pool
      .query(SQL, [
        businessId,
        o.externalRef ?? null,
        at,
        on,
        o.destinationCountry,
        o.buyerRef,
        String(o.buyerRef).toLowerCase(),
        o.productCategory,
        o.material,
        o.quantity,
        amountMinor,
        o.currency,
        o.weightKg ?? null,
        o.hsCode ?? null,
        minor,
        o.shippingChannel,
      ])
      .then((r) => {
        const body = JSON.stringify({ id: r.rows[0].id });
        res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      })
      .catch((e: Error) => {
        res.writeHead(500).end(e.message);
      });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.RAW_PORT ?? 3999), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
