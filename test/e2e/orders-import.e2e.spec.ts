import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { createBusinessWithKey } from '../factories';

const HEADER = 'externalRef,orderedAt,destinationCountry,buyerRef,productCategory,material,quantity,amount,currency,shippingChannel,weightKg,hsCode';

describe('POST /orders/import (streamed CSV)', () => {
  let t: TestApp;
  let biz: { id: string; key: string };
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-25T03:00:00Z' });
    biz = await createBusinessWithKey(t.http, { name: 'Batik Lasem Sekar', district: 'Lasem', materials: ['cotton'] });
  });
  afterAll(() => t.close());

  const post = (csv: string | Buffer, key = biz.key, query = '') =>
    t.http.post(`/api/v1/orders/import${query}`).set(auth(key)).set('content-type', 'text/csv; charset=utf-8').send(csv);

  it('handles BOM, CRLF, quoted fields with commas, quotes and newlines, and empty lines', async () => {
    const csv =
      '\uFEFF' +
      `${HEADER}\r\n` +
      `Q1,2026-11-01,MY,"Toko ""Batik"", KL",batik_fabric,cotton,3,"1,5",MYR,post,,\r\n` + // amount "1,5" is invalid
      `\r\n` +
      `Q2,2026-11-02,MY,"Kedai\nbaris dua",batik_garment,cotton,2,250.00,MYR,post,0.8,6204.42\r\n` +
      `,,,,,,,,,,,\r\n` +
      `Q3,2026-11-03T09:15:00+07:00,SG,"Ms ""Tan""",batik_fabric,silk,1,120,SGD,courier,,\r\n`;
    const res = await post(csv).expect(200);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 0, rejectedCount: 1 });
    expect(res.body.rejected).toEqual([{ index: 1, errors: [expect.stringMatching(/^amount: /)] }]);
    const rows = await t.db.many<{ external_ref: string; buyer_ref: string }>(
      'SELECT external_ref, buyer_ref FROM orders WHERE business_id = $1 ORDER BY external_ref',
      [biz.id],
    );
    expect(rows).toEqual([
      { external_ref: 'Q2', buyer_ref: 'Kedai\nbaris dua' },
      { external_ref: 'Q3', buyer_ref: 'Ms "Tan"' },
    ]);
  });

  it('is idempotent on externalRef: importing the same file again stores nothing new', async () => {
    const csv = `${HEADER}\nR1,2026-10-01,CN,wang,bag,stingray,5,3000,CNY,courier,2.5,4202.21\nR2,2026-10-02,CN,wang,bag,stingray,5,3000,CNY,courier,2.5,4202.21\n`;
    expect((await post(csv).expect(200)).body).toMatchObject({ accepted: 2, duplicates: 0, rejected: [] });
    expect((await post(csv).expect(200)).body).toMatchObject({ accepted: 0, duplicates: 2, rejected: [] });
  });

  it('answers a wrong header with 400 listing the expected columns, storing nothing', async () => {
    const res = await post('order_id,date,country\n1,2026-01-01,MY\n').expect(400);
    expect(res.body.message).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^header: unknown column/),
        expect.stringMatching(/^header: missing required column/),
        expect.stringMatching(/^header: expected columns are externalRef,orderedAt,/),
      ]),
    );
    await post('').expect(400);
  });

  it('reports a row with the wrong number of fields, and accepts columns in any order and case', async () => {
    const csv =
      'Currency,AMOUNT,quantity,material,productCategory,buyerRef,destinationCountry,orderedAt,shippingChannel\nMYR,10,1,cowhide,belt,a,MY,2026-09-01,post\nMYR,10,1\n';
    const res = await post(csv).expect(200);
    expect(res.body).toMatchObject({ accepted: 1, rejected: [{ index: 2, errors: ['row: has 3 fields but the header has 9'] }] });
  });

  it('rolls back everything when the file is broken half-way (unclosed quote)', async () => {
    const before = await t.db.one<{ n: string }>('SELECT count(*) AS n FROM orders');
    const csv = `${HEADER}\nB1,2026-10-01,MY,a,bag,cowhide,1,10,MYR,post,,\nB2,2026-10-01,MY,"unclosed,bag,cowhide,1,10,MYR,post,,\n`;
    const res = await post(csv).expect(400);
    expect(res.body.message[0]).toMatch(/^body: CSV could not be parsed/);
    expect((await t.db.one<{ n: string }>('SELECT count(*) AS n FROM orders'))!.n).toBe(before!.n);
  });

  it('needs text/csv, and businessId from staff; a business key cannot import for another business', async () => {
    await t.http.post('/api/v1/orders/import').set(auth(biz.key)).set('content-type', 'application/json').send({}).expect(400);
    const staff = await post(`${HEADER}\n`, ADMIN_KEY).expect(400);
    expect(staff.body.message).toEqual(['businessId: is required when logging orders with a staff key']);
    const other = await createBusinessWithKey(t.http);
    await post(`${HEADER}\n`, biz.key, `?businessId=${other.id}`).expect(404);
    await post(`${HEADER}\nS1,2026-10-01,MY,a,bag,cowhide,1,10,MYR,post,,\n`, ADMIN_KEY, `?businessId=${other.id}`).expect(200);
  });

  it('imports a 100,000-row file in one request, with progress recorded under the import id', async () => {
    const lines = [HEADER];
    const markets = ['MY', 'CN', 'SG', 'BN'];
    for (let i = 0; i < 100_000; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      lines.push(
        `BIG-${i},2026-0${1 + (i % 9)}-${day},${markets[i % 4]},buyer ${i % 997},bag,cowhide,${1 + (i % 5)},${100 + (i % 400)}.50,MYR,post,${(i % 30) + 0.5},4202.21`,
      );
    }
    lines.push('BIG-bad,2030-01-01,MY,a,bag,cowhide,1,10,MYR,post,,');
    const importId = '6f1c8a64-1d0b-4c55-9d47-0a1bc0de0001';
    const res = await post(lines.join('\n'), biz.key, `?importId=${importId}`).expect(200);
    expect(res.body).toMatchObject({ accepted: 100_000, duplicates: 0, rejectedCount: 1, importId });
    expect(res.body.rejected).toEqual([{ index: 100_001, errors: ['orderedAt: must not be in the future'] }]);
    const progress = await t.http.get(`/api/v1/orders/imports/${importId}`).set(auth(biz.key)).expect(200);
    expect(progress.body).toMatchObject({ status: 'completed', rowsProcessed: 100_001, accepted: 100_000, rejected: 1 });
    expect(progress.body.bytesRead).toBe(Buffer.byteLength(lines.join('\n')));
    const n = await t.db.one<{ n: string }>(`SELECT count(*) AS n FROM orders WHERE external_ref LIKE 'BIG-%'`);
    expect(Number(n!.n)).toBe(100_000);
    const other = await createBusinessWithKey(t.http);
    await t.http.get(`/api/v1/orders/imports/${importId}`).set(auth(other.key)).expect(404);
  });
});
