import type TestAgent from 'supertest/lib/agent';
import { ADMIN_KEY, auth } from '../utils/test-app';

let seq = 0;

/** A valid order body; override any field. */
export function orderBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return {
    externalRef: `ORD-${seq}-${Math.random().toString(36).slice(2, 8)}`,
    orderedAt: '2026-11-20T10:00:00+07:00',
    destinationCountry: 'MY',
    buyerRef: 'Kedai Kulit KL',
    productCategory: 'bag',
    material: 'snakeskin',
    quantity: 2,
    amount: '1450.00',
    currency: 'MYR',
    shippingChannel: 'post',
    weightKg: 1.2,
    hsCode: '4202.21',
    ...overrides,
  };
}

export function businessBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return { name: `Usaha ${seq}`, district: 'Lasem', materials: ['snakeskin'], ...overrides };
}

/** Creates a business through the API and a business key for it. */
export async function createBusinessWithKey(http: TestAgent, overrides: Record<string, unknown> = {}): Promise<{ id: string; key: string }> {
  const b = await http.post('/api/v1/businesses').set(auth(ADMIN_KEY)).send(businessBody(overrides)).expect(201);
  const k = await http.post(`/api/v1/businesses/${b.body.id}/api-keys`).set(auth(ADMIN_KEY)).send({}).expect(201);
  return { id: b.body.id, key: k.body.key };
}

/** The story's two leather businesses (snakeskin to Malaysia, stingray to China), each with a business key. */
export async function createStoryBusinesses(http: TestAgent): Promise<{ ulla: { id: string; key: string }; arma: { id: string; key: string } }> {
  const ulla = await createBusinessWithKey(http, { name: 'Ulla Leather', district: 'Lasem', materials: ['snakeskin'] });
  const arma = await createBusinessWithKey(http, { name: 'Arma Leather and Craft', district: 'Rembang', materials: ['stingray'] });
  return { ulla, arma };
}
