import { validateEnv } from '../config/env.validate';
import { migrate, openDataSource } from './migrate';

/** `npm run migration:run`: create the database if needed and apply pending migrations. */
async function main(): Promise<void> {
  const env = validateEnv(process.env);
  const ds = await openDataSource(env.DATABASE_URL, { poolSize: 2, runMigrations: false });
  const ran = await migrate(ds);
  console.log(JSON.stringify({ msg: 'migrations applied', count: ran.length, names: ran }));
  await ds.destroy();
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
