import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedHook {
  headers: IncomingMessage['headers'];
  raw: string;
}

/** A real local HTTP receiver: records every request and answers with `respond(n)` (n = 1-based). */
export async function startReceiver(respond: (n: number, hook: ReceivedHook) => number = () => 200): Promise<{ url: string; received: ReceivedHook[]; close: () => Promise<void>; server: Server }> {
  const received: ReceivedHook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const hook = { headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') };
      received.push(hook);
      res.statusCode = respond(received.length, hook);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    server,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
