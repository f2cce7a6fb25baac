import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { dataSourceOptions, ensureDatabase, migrate } from '../../src/database/migrate';
import { dbUrl, dropDatabase } from '../utils/test-db';

describe('migrations', () => {
  const name = `siap_test_${process.env.SIAP_TEST_RUN ?? process.pid}_mig`;
  afterAll(() => dropDatabase(name));

  it('creates the database when missing, and two processes starting together migrate once', async () => {
    const url = dbUrl(name);
    await dropDatabase(name);
    // two independent "processes": separate pools, separate sessions, racing from an empty server
    await Promise.all([ensureDatabase(url), ensureDatabase(url)]);
    const a = await new DataSource(dataSourceOptions(url, 2)).initialize();
    const b = await new DataSource(dataSourceOptions(url, 2)).initialize();
    try {
      const [ranA, ranB] = await Promise.all([migrate(a), migrate(b)]);
      // exactly one of them applied every migration, the other found nothing pending
      expect([ranA.length, ranB.length].sort()).toEqual([0, MIGRATIONS.length]);
      const rows = await a.query('SELECT name FROM typeorm_migrations ORDER BY id');
      expect(rows.map((r: { name: string }) => r.name)).toEqual(MIGRATIONS.map((m) => new m().name));
      expect(await migrate(a)).toEqual([]);
    } finally {
      await a.destroy();
      await b.destroy();
    }
  });
});
