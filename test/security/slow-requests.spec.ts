import { Agent, request } from 'node:http';
import { connect, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startTestApp, TestApp } from '../utils/test-app';

const WINDOW_MS = 1000;
const HEADERS_MS = 2000;

/** Writes `head` at once, then `drip` one byte at a time every `everyMs`, until the server closes the socket. */
function slowClient(port: number, head: string, drip: string, everyMs: number) {
  const started = Date.now();
  const socket: Socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.setEncoding('utf8');
  socket.on('data', (c: string) => (answer += c));
  socket.on('error', () => undefined);
  socket.write(head);
  let i = 0;
  const timer = setInterval(() => {
    if (i < drip.length && !socket.destroyed) socket.write(drip[i++]);
  }, everyMs);
  const closed = new Promise<{ ms: number; answer: string }>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ ms: Date.now() - started, answer });
    }),
  );
  return { closed, stop: () => socket.destroy() };
}

/** What the slow client saw when the server closed its socket, or null if it was still open after `ms`. */
async function closedWithin(c: ReturnType<typeof slowClient>, ms: number): Promise<{ ms: number; answer: string } | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([c.closed, new Promise<null>((res) => (timer = setTimeout(() => res(null), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

describe('slow clients cannot hold sockets: body and header time are bounded', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({
      env: { HTTP_BODY_TIMEOUT_MS: String(WINDOW_MS), HTTP_BODY_MIN_BYTES: '64', HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_MS), QUEUE_BOARD_ENABLED: 'false' },
    });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('answers 408 and closes a connection whose body trickles in (1 byte per 250 ms) within two windows', async () => {
    const head = 'POST /masuk HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nemail=';
    const c = slowClient(port, head, 'a'.repeat(200), 250); // unguarded this would take 50 s
    const r = await closedWithin(c, 15_000);
    c.stop();
    expect(r).not.toBeNull();
    expect(r!.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(r!.answer).toContain('the request body arrived too slowly (under 64 bytes in 1000 ms)');
    expect(r!.ms).toBeLessThan(2 * WINDOW_MS + 1500);
  });

  it('closes a connection whose headers trickle in, after the headers timeout', async () => {
    const c = slowClient(port, 'GET /health/live HTTP/1.1\r\nHost: x\r\n', `X-Slow: ${'b'.repeat(200)}\r\n\r\n`, 250);
    const r = await closedWithin(c, 15_000);
    c.stop();
    expect(r).not.toBeNull();
    expect(r!.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(r!.ms).toBeGreaterThanOrEqual(HEADERS_MS - 100);
    expect(r!.ms).toBeLessThan(HEADERS_MS + 2500);
  });

  it('lets a body that arrives steadily above the minimum rate through, however long it takes', async () => {
    const fields = `email=${'c'.repeat(2400)}%40contoh.id&password=x`;
    const head = `POST /masuk HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nConnection: close\r\nContent-Length: ${fields.length}\r\n\r\n`;
    // 16 bytes every 40 ms = 400 B/s, six times the 64 B/s minimum (timers run late on a busy machine, and
    // the server shares this process): about 6 s, several windows
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (answer += d));
    const closed = new Promise((r) => socket.on('close', r));
    socket.on('error', () => undefined); // a refused body shows as the answer below, not as an unhandled error
    socket.write(head);
    for (let i = 0; i < fields.length && !socket.destroyed; i += 16) {
      await new Promise((r) => setTimeout(r, 40));
      socket.write(fields.slice(i, i + 16));
    }
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 403 /); // reached the handler: no CSRF token
  });
  it('still cuts off a body that trickles in after the answer went out (a 415 before the body is read)', async () => {
    const head = 'POST /api/v1/businesses HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\nx';
    const c = slowClient(port, head, 'a'.repeat(200), 250);
    const r = await closedWithin(c, 15_000);
    c.stop();
    expect(r).not.toBeNull();
    expect(r!.answer).toMatch(/^HTTP\/1\.1 415 /);
    expect(r!.ms).toBeLessThan(2 * WINDOW_MS + 1500);
  });

  it('keeps nothing per request on a keep-alive connection: its listeners and timers end with each answer', async () => {
    const server = t.app.getHttpServer();
    const opened: Socket[] = [];
    const count = (s: Socket) => opened.push(s);
    server.on('connection', count);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const body = 'email=a%40contoh.id&password=x';
    const post = () =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            port,
            host: '127.0.0.1',
            path: '/masuk',
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const timers = () => process.getActiveResourcesInfo().filter((x) => x === 'Timeout').length;
    try {
      expect(await post()).toBe(403);
      const socket = opened[0];
      const [listeners, timersBefore] = [socket.listenerCount('close'), timers()];
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) statuses.push(await post());
      expect(statuses.every((s) => s === 403)).toBe(true);
      // one connection carried all 61 requests, and each request's body check was let go with its answer
      expect(opened).toHaveLength(1);
      expect(socket.listenerCount('close')).toBe(listeners);
      expect(timers()).toBeLessThanOrEqual(timersBefore + 2);
    } finally {
      server.off('connection', count);
      agent.destroy();
    }
  });
});
