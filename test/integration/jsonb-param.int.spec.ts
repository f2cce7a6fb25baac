import { Client } from 'pg';
import { jsonbArray } from '../../src/database/jsonb-param';
import { createTestDatabase } from '../utils/test-db';

/** The batch writes' jsonb parameter (binary wire format) against a real Postgres. */
describe('jsonbArray: a JSON array as a binary jsonb parameter', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let c: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    c = new Client({ connectionString: database.url });
    await c.connect();
  });
  afterAll(async () => {
    await c.end();
    await database.drop();
  });

  // rows over several 32 k pieces, non-ASCII text (multi-byte UTF-8 across piece borders), nulls, nesting, undefined fields
  const rows = Array.from({ length: 400 }, (_, i) => ({
    i,
    name: `Tas kulit ular — 蛇皮包 ${'é'.repeat(i % 7)} ${'x'.repeat(120)}`,
    score: i / 3,
    tags: i % 2 ? ['a', 'b'] : [],
    nested: { d: '2026-11-22', n: null, skipped: undefined },
  }));

  it('is the bytes of JSON.stringify after the version byte', () => {
    const buf = jsonbArray(rows);
    expect(buf[0]).toBe(1);
    expect(buf.subarray(1).toString('utf8')).toBe(JSON.stringify(rows));
    expect(buf.length).toBeGreaterThan(3 * 32_768);
    expect(jsonbArray([]).subarray(1).toString('utf8')).toBe('[]');
  });

  it('reaches Postgres as the same jsonb value as the text parameter, rows in order', async () => {
    const r = await c.query<{ same: boolean; n: number; first: string; last: string }>(
      `SELECT $1::jsonb = $2::jsonb AS same, jsonb_array_length($1::jsonb) AS n,
              ($1::jsonb -> 0 ->> 'name') AS first, ($1::jsonb -> 399 ->> 'name') AS last`,
      [jsonbArray(rows), JSON.stringify(rows)],
    );
    expect(r.rows[0]).toEqual({ same: true, n: 400, first: rows[0].name, last: rows[399].name });
    const x = await c.query<{ i: number; score: string }>(
      `SELECT i, score::text FROM jsonb_to_recordset($1::jsonb) AS x(i int, score numeric) ORDER BY i DESC LIMIT 1`,
      [jsonbArray(rows)],
    );
    expect(x.rows[0]).toEqual({ i: 399, score: String(399 / 3) });
    const empty = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM jsonb_to_recordset($1::jsonb) AS x(i int)`, [jsonbArray([])]);
    expect(empty.rows[0].n).toBe(0);
  });
});
