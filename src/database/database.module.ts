import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Env } from '../config/env.schema';
import { Db } from './db';
import { dataSourceOptions, ensureDatabase, migrate } from './migrate';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [Env],
      useFactory: (env: Env) => ({ ...dataSourceOptions(env.DATABASE_URL, env.DATABASE_POOL_SIZE), migrationsRun: env.RUN_MIGRATIONS }),
      // TypeORM's own migrationsRun takes no lock; run them ourselves under an advisory lock.
      dataSourceFactory: async (options) => {
        const opts = options as ReturnType<typeof dataSourceOptions> & { url: string };
        await ensureDatabase(opts.url);
        const ds = await new DataSource({ ...opts, migrationsRun: false }).initialize();
        if (opts.migrationsRun) await migrate(ds);
        return ds;
      },
    }),
  ],
  providers: [Db],
  exports: [Db],
})
export class DatabaseModule {}
