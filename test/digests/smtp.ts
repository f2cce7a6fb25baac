import { simpleParser, ParsedMail } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real in-process SMTP server that captures parsed messages; `failNext` drops the connection mid-DATA. */
export class TestSmtp {
  messages: ParsedMail[] = [];
  failNext = 0;
  private server?: SMTPServer;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, cb) => {
        if (this.failNext > 0) {
          this.failNext--;
          stream.resume();
          // the sender dies mid-send: the connection goes away before the message is accepted
          stream.on('end', () => cb(new Error('connection lost mid-send')));
          return;
        }
        simpleParser(stream)
          .then((m) => {
            this.messages.push(m);
            cb();
          })
          .catch(cb);
      },
    });
    await new Promise<void>((r) => this.server!.listen(port, '127.0.0.1', () => r()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  to(addr: string): ParsedMail[] {
    return this.messages.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.text.includes(addr)));
  }
}
