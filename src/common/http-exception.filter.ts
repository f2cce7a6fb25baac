import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import { DomainError } from './errors';

const PG_UNAVAILABLE = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);
/** node-postgres' connection failures carry no code, only these messages (pool timeout, server gone mid-query, ended pool). */
const PG_UNAVAILABLE_MESSAGE =
  /^(timeout exceeded when trying to connect|Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|Cannot use a pool after calling end on the pool|Query read timeout)$/i;

/** Whether an error means the database is unreachable right now (answer 503 + Retry-After, not 500). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: string; message?: string; errors?: unknown[] };
  if (e.code && PG_UNAVAILABLE.has(e.code)) return true;
  if (typeof e.message === 'string' && PG_UNAVAILABLE_MESSAGE.test(e.message)) return true;
  // AggregateError from a dual-stack connect (ECONNREFUSED on ::1 and 127.0.0.1)
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isDatabaseUnavailable);
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}

/** Maps any error to the contract's error body. Never lets a client-caused error become a 5xx. */
export function toErrorBody(err: unknown, logger?: Logger): ErrorBody {
  let status = 500;
  let message: string | string[] = 'internal error';
  if (err instanceof DomainError) {
    status = err.status;
    message = err.messages;
  } else if (err instanceof HttpException) {
    status = err.getStatus();
    const res = err.getResponse();
    message = typeof res === 'string' ? res : ((res as { message?: string | string[] }).message ?? err.message);
    if (status === 413) message = describeFastifyError('FST_ERR_CTP_BODY_TOO_LARGE', undefined);
    if (status === 415) message = describeFastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', undefined);
  } else if (err && typeof err === 'object') {
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      // fastify's own errors: body too large, bad JSON, unsupported media type …
      status = e.statusCode;
      message = describeFastifyError(e.code, e.message);
    } else if (isDatabaseUnavailable(err)) {
      status = 503;
      message = 'the database is unavailable; try again shortly';
    } else if (e.code === '40001' || e.code === '40P01') {
      status = 503;
      message = 'a concurrent change got in the way; retry the request';
    }
  }
  if (status === 400 && typeof message === 'string' && /valid JSON|Unexpected token|JSON at position/i.test(message)) {
    message = [`body: malformed JSON (${message})`];
  }
  if (status >= 500 && status !== 503) logger?.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message };
}

function describeFastifyError(code: string | undefined, fallback: string | undefined): string {
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body is too large: JSON bodies may be at most 10 MB (use POST /orders/import for big CSV files)';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported Content-Type: send application/json (or text/csv to /orders/import)';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'body: the request says JSON but the body is empty';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case undefined:
    default:
      if (fallback && /JSON|Unexpected|position/i.test(fallback)) return `body: malformed JSON (${fallback})`;
      return fallback ?? 'bad request';
  }
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = toErrorBody(exception, this.logger);
    if (body.statusCode === 503) reply.header('Retry-After', '5');
    reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
