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
    const timer = setInterval(() => {
      if (raw.complete || socket.destroyed) return clearInterval(timer);
      const got = socket.bytesRead - seen;
      seen = socket.bytesRead;
      const serviceBehind = raw.isPaused() || raw.readableLength >= raw.readableHighWaterMark;
      if (serviceBehind || got >= limits.bodyMinBytes) return;
      clearInterval(timer);
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
    // The check ends with the exchange: when the answer is done (a keep-alive socket carries many
    // requests, so a listener left on the socket per request would keep every request and reply
    // of the connection alive until it closes: ~10 KB per order POST) or when the socket closes first.
    const stop = () => {
      clearInterval(timer);
      socket.removeListener('close', stop);
      res.removeListener('close', stop);
    };
    socket.once('close', stop);
    res.once('close', stop);
    done();
  });
}
