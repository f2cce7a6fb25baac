import { ConsoleLogger, LoggerService, LogLevel } from '@nestjs/common';

/** Values a log line may carry: ids, counts, states and short error texts, never emails, keys or secrets. */
export type LogValue = string | number | boolean | null | undefined | string[] | number[];
export type LogFields = Record<string, LogValue>;
export type EventLevel = 'log' | 'warn' | 'error' | 'debug';

/** Field names masked wherever they appear, should one ever slip into a log line. */
const REDACTED = ['email', 'password', 'token', 'secret', 'apiKey', 'authorization', 'cookie'];
/** An address inside an error text (an SMTP server's refusal quotes the recipient). */
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * One structured line per event: the JSON logger prints `{"level":…,"msg":"watch run created","runId":…}`.
 * `context` is for loggers without one of their own (the process logger in main.ts); a Nest `Logger`
 * adds its class name itself.
 */
export function logEvent(logger: LoggerService, msg: string, fields: LogFields = {}, level: EventLevel = 'log', context?: string): void {
  const clean = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v.replace(EMAIL, '[email]') : v]));
  const rest: unknown[] = context ? [clean, context] : [clean];
  if (level === 'debug') logger.debug?.(msg, ...rest);
  else logger[level](msg, ...rest);
}

interface JsonOptions {
  context: string;
  logLevel: LogLevel;
  writeStreamType?: 'stdout' | 'stderr';
  errorStack?: unknown;
  params?: Record<string, unknown>;
  error?: Error;
}

/**
 * Nest's console logger in JSON mode, with the event's fields spread into the one object (not a
 * JSON string inside `message`) and the message under `msg`: each line is a single-level object.
 */
export class JsonLogger extends ConsoleLogger {
  protected override printAsJson(message: unknown, options: JsonOptions): void {
    const { level, message: msg, ...rest } = this.getJsonLogObject(message, options);
    const line = this.stringifyJsonLogObject({ level, msg, ...rest });
    process[options.writeStreamType ?? 'stdout'].write(`${line}\n`);
  }
}

export function createJsonLogger(level = 'log'): JsonLogger {
  const idx = Math.max(0, LEVELS.indexOf(level as LogLevel));
  return new JsonLogger({ json: true, flattenParams: true, redact: REDACTED, logLevels: LEVELS.slice(0, idx + 1) });
}
