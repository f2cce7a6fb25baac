import { Client } from 'pg';
import { randomBytes } from 'node:crypto';

export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function dbUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh database cloned from the migrated template: each suite gets its own, in milliseconds. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const template = process.env.SIAP_TEST_TEMPLATE;
  if (!template) throw new Error('run tests through jest: test/global-setup.ts prepares the template database');
  const name = `siap_test_${process.env.SIAP_TEST_RUN ?? process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(async (c) => {
    // CREATE DATABASE … TEMPLATE needs the template to have no other sessions; retry briefly if one lingers
    for (let i = 0; ; i++) {
      try {
        await c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (err) {
        if (i > 20 || (err as { code?: string }).code !== '55006') throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return { name, url: dbUrl(name), drop: () => dropDatabase(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
