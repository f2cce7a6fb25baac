import { Global, Module } from '@nestjs/common';
import { Env } from './env.schema';
import { validateEnv } from './env.validate';

@Global()
@Module({
  providers: [{ provide: Env, useFactory: () => validateEnv(process.env) }],
  exports: [Env],
})
export class ConfigModule {}
