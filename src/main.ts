import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHttpApp, createLogger, createWorkerContext, exitOnSignals } from './bootstrap';
import { validateEnv } from './config/env.validate';
import { logEvent } from './common/log-event';

async function main(): Promise<void> {
  let env;
  try {
    env = validateEnv(process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const logger = createLogger(env.LOG_LEVEL);
  if (env.ROLE === 'worker') {
    const ctx = await createWorkerContext({ role: 'worker', logger, shutdownHooks: false });
    exitOnSignals(ctx, logger, env.SHUTDOWN_TIMEOUT_MS);
    logEvent(logger, 'worker started', { role: env.ROLE }, 'log', 'Main');
    return;
  }
  const app = await createHttpApp({ role: env.ROLE, logger, shutdownHooks: false });
  exitOnSignals(app, logger, env.SHUTDOWN_TIMEOUT_MS);
  await app.listen(env.PORT, '0.0.0.0');
  logEvent(logger, 'listening', { role: env.ROLE, port: env.PORT, docs: `${env.PUBLIC_BASE_URL}/api/docs` }, 'log', 'Main');
}

main().catch((err) => {
  new Logger('Main').error(err instanceof Error ? err.stack : String(err));
  process.exit(1);
});
