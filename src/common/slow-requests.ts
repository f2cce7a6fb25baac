import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';

export interface SlowRequestLimits {
  /** Window of the body rate check. */
  bodyWindowMs: number;
  /** Bytes a body must bring per window (unless the service itself is the one not reading). */
  bodyMinBytes: number;
}

const hasBody = (req: IncomingMessage) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * Body read timeout as a minimum rate: a request whose body brings fewer than `bodyMinBytes` in a
 * `bodyWindowMs` window is answered 408 and its connection closed (1 byte every 5 s held sockets
 * for minutes). A rate, not a deadline, so a big CSV import over a slow line still goes through; a
 * window in which the service is not reading (the import writing to Postgres: the request paused or
 * its buffer full) does not count. Header time is bounded by node's headersTimeout, the whole
 * request by requestTimeout (bootstrap.ts).
 */
export function limitSlowBodies(fastify: FastifyInstance, limits: SlowRequestLimits): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    const raw = req.raw;
    const socket = raw.socket;
    // light-my-request (app.inject) has no real socket: nothing to protect there
    if (!limits.bodyMinBytes || raw.complete || !hasBody(raw) || typeof socket?.bytesRead !== 'number' || typeof socket.destroy !== 'function') return done();
    const res = reply.raw;
    let seen = socket.bytesRead;
    // The check ends when the body is in (seen at a tick, or when the answer closes after it) or
    // when the socket closes. It must not outlive its request on a keep-alive socket, which carries
    // many requests: a listener left there per request kept every request and reply of the
    // connection alive until it closed (~10 KB per order POST). An answer sent before its body
    // arrived (a 415 from a hook) leaves the check running until the body is in or cut off.
    const stop = () => {
      clearInterval(timer);
      socket.removeListener('close', stop);
      res.removeListener('close', answered);
    };
    const answered = () => {
      if (raw.complete) stop();
    };
    const timer = setInterval(() => {
      if (raw.complete || socket.destroyed) return stop();
      const got = socket.bytesRead - seen;
      seen = socket.bytesRead;
      const serviceBehind = raw.isPaused() || raw.readableLength >= raw.readableHighWaterMark;
      if (serviceBehind || got >= limits.bodyMinBytes) return;
      stop();
      if (res.headersSent) return socket.destroy();
      const body = JSON.stringify({
        statusCode: 408,
        error: 'Request Timeout',
        message: `the request body arrived too slowly (under ${limits.bodyMinBytes} bytes in ${limits.bodyWindowMs} ms)`,
      });
      res.writeHead(408, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
      res.end(body, () => socket.destroy());
    }, limits.bodyWindowMs);
    timer.unref();
    socket.once('close', stop);
    res.once('close', answered);
    done();
  });
}
