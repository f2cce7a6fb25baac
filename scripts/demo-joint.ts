/**
 * The demo's joint-export candidate: four small batik makers in Lasem, each shipping cotton batik
 * garments to Indonesian-diaspora boutiques in Australia two weeks in three (a few parcels a month,
 * about Rp 2 million each, by post). None comes near the readiness thresholds alone (about Rp 17
 * million in 13 weeks against Rp 50 million); together they ship in nearly every week to a dozen
 * returning buyers, which meets them: the candidates page lists "AU:cotton" with a cooperative route
 * (four members, one kecamatan). No other demo business ships cotton to Australia, so the candidate
 * is exactly these four (Singapore would also gather the demo's hobby sellers and its PEB exporter).
 * test/consolidation/demo-joint.e2e.spec.ts checks it with the real engine.
 */
import type { Db } from '../src/database/db';
import { addDays, weekStart } from '../src/common/time';

export const JOINT_BUSINESSES = [
  { name: 'Batik Tulis Sekar Jagad', district: 'Lasem', materials: ['cotton'] },
  { name: 'Batik Lasem Pusaka Babagan', district: 'Lasem', materials: ['cotton'] },
  { name: 'Batik Kidang Mas Karangturi', district: 'Lasem', materials: ['cotton'] },
  { name: 'Batik Tiga Negeri Soditan', district: 'Lasem', materials: ['cotton'] },
];

export const JOINT_MARKET = 'AU';
const BOUTIQUES = [
  ['Batik Corner Fitzroy', 'Rumah Kain Sydney', 'Nusantara Threads Perth'],
  ['Kebaya Studio Brunswick', 'Lasem Loft Adelaide', 'Java Cloth Newtown'],
  ['Sarong House Fremantle', 'Indo Craft Brisbane', 'Wastra Gallery Carlton'],
  ['Pesisir Prints Hobart', 'Kain Collective Darwin', 'Canberra Batik Room'],
];

/** How many weeks back the makers' orders go (the pattern is older than the 13- and 26-week windows). */
export const JOINT_WEEKS = 30;

export interface JointOrder {
  member: number;
  on: string;
  buyer: string;
  amountAud: number;
  quantity: number;
  weightKg: number;
}

/** The makers' orders up to the Sunday before `today`: member k ships in week w back unless (w + k) is a multiple of 3. */
export function jointOrders(today: string): JointOrder[] {
  const lastSunday = addDays(weekStart(today), -1);
  const out: JointOrder[] = [];
  for (let w = 0; w < JOINT_WEEKS; w++) {
    for (let k = 0; k < JOINT_BUSINESSES.length; k++) {
      if ((w + k) % 3 === 0) continue;
      out.push({
        member: k,
        on: addDays(lastSunday, -7 * w - ((k * 2 + w) % 6)),
        buyer: BOUTIQUES[k][w % 3],
        amountAud: 155 + ((w * 7 + k * 13) % 49),
        quantity: 2 + ((w + k) % 3),
        weightKg: Math.round((0.6 + ((w * 3 + k) % 7) / 10) * 10) / 10,
      });
    }
  }
  return out;
}

/**
 * Inserts the makers and their orders (values in rupiah at the rate in force on each order's day,
 * as the demo's other orders). `key` turns a buyer's name into its buyer_key. Returns the makers' ids.
 */
export async function seedJoint(db: Db, today: string, key: (buyer: string) => string): Promise<string[]> {
  const ids = (
    await db.many<{ id: string }>(
      `INSERT INTO businesses (name, district, materials)
       SELECT name, district, ARRAY['cotton'] FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(name, district, n) ORDER BY n RETURNING id`,
      [JOINT_BUSINESSES.map((b) => b.name), JOINT_BUSINESSES.map((b) => b.district)],
    )
  ).map((r) => r.id);
  const orders = jointOrders(today);
  await db.exec(
    `INSERT INTO orders (business_id, external_ref, ordered_at, ordered_on, destination_country, buyer_ref, buyer_key, product_category, material,
                         quantity, amount_minor, currency, value_idr, shipping_channel, weight_kg, created_by)
     SELECT t.business_id, t.ref, (t.on_day + time '11:00') AT TIME ZONE 'Asia/Jakarta', t.on_day, $9, t.buyer, t.buyer_key, 'batik_garment', 'cotton',
            t.qty, t.aud * 100, 'AUD',
            round(t.aud * (SELECT er.idr_per_unit FROM exchange_rates er WHERE er.currency = 'AUD' AND er.valid_from <= t.on_day
                           ORDER BY er.valid_from DESC LIMIT 1))::bigint,
            'post', t.kg, 'demo-seed'
       FROM unnest($1::uuid[], $2::text[], $3::date[], $4::text[], $5::text[], $6::int[], $7::int[], $8::numeric[])
            AS t(business_id, ref, on_day, buyer, buyer_key, qty, aud, kg)`,
    [
      orders.map((o) => ids[o.member]),
      orders.map((_, i) => `DEMO-JOINT-${i + 1}`),
      orders.map((o) => o.on),
      orders.map((o) => o.buyer),
      orders.map((o) => key(o.buyer)),
      orders.map((o) => o.quantity),
      orders.map((o) => o.amountAud),
      orders.map((o) => o.weightKg),
      JOINT_MARKET,
    ],
  );
  return ids;
}
