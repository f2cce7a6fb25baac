import { Global, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import * as qp from 'nodemailer/lib/qp';
import { Env } from '../config/env.schema';

/**
 * A body already in quoted-printable (from `qpPiece` pieces joined): the same content to many
 * recipients is encoded once instead of once per message.
 */
export interface QpBody {
  qp: string;
}

/**
 * Quoted-printable of one piece of a body, ending on a soft line break (or a line break), so that
 * pieces encoded separately can be concatenated into one valid body. Line breaks become CRLF.
 */
export function qpPiece(s: string): string {
  if (!s) return '';
  const enc = qp.wrap(qp.encode(s.replace(/\r?\n/g, '\r\n')), 76);
  return enc.endsWith('\n') ? enc : `${enc}=\r\n`;
}

const rawNode = (type: string, b: QpBody) => ({
  // a trailing soft line break decodes to nothing: left as is rather than copying the body to cut it
  raw: `Content-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${b.qp}`,
});

export interface MailMessage {
  to: string;
  subject: string;
  html: string | QpBody;
  text: string | QpBody;
  headers?: Record<string, string>;
  /** Stable id: becomes the Message-ID and the outbox file name, so a resend overwrites, never doubles. */
  messageId: string;
}

/** SMTP connections kept open per process while mail is going out (nodemailer pool). */
export const SMTP_POOL_CONNECTIONS = 4;
/** A pool with nothing to send for this long is closed (its connections are not held between batches). */
export const SMTP_POOL_IDLE_MS = 2000;

/**
 * Sends through SMTP (SMTP_URL) with nodemailer; without SMTP_URL writes each message as an .eml
 * file into OUTBOX_DIR, so a laptop or the demo needs no mail server. SMTP goes through a small
 * connection pool (SMTP_POOL_CONNECTIONS, reused across messages, closed when idle) instead of a
 * new connection and handshake per message.
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  private transport?: Transporter;
  private readonly outbox?: string;
  private readonly fileTransport?: Transporter;
  private inFlight = 0;
  private idleTimer?: NodeJS.Timeout;

  constructor(private readonly env: Env) {
    if (!env.SMTP_URL) {
      this.outbox = resolve(env.OUTBOX_DIR);
      this.fileTransport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }

  get outboxDir(): string | undefined {
    return this.outbox;
  }

  private smtp(): Transporter {
    if (!this.transport) {
      this.transport = nodemailer.createTransport(
        { url: this.env.SMTP_URL, pool: true, maxConnections: SMTP_POOL_CONNECTIONS, maxMessages: 100 },
        { from: this.env.MAIL_FROM },
      );
      this.transport.on('error', (err) => this.logger.warn(`smtp pool: ${err.message}`));
    }
    return this.transport;
  }

  async send(m: MailMessage): Promise<{ messageId: string; file?: string }> {
    const messageId = `<${m.messageId.replace(/[^A-Za-z0-9._:-]/g, '-')}@siap-ekspor>`;
    const html = typeof m.html === 'string' ? m.html : rawNode('text/html', m.html);
    const text = typeof m.text === 'string' ? m.text : rawNode('text/plain', m.text);
    const mail = { from: this.env.MAIL_FROM, to: m.to, subject: m.subject, html, text, headers: m.headers, messageId };
    if (this.env.SMTP_URL) {
      const transport = this.smtp();
      this.inFlight++;
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
      try {
        await transport.sendMail(mail);
      } finally {
        if (--this.inFlight === 0) this.closeWhenIdle(transport);
      }
      return { messageId };
    }
    const raw = await this.fileTransport!.sendMail(mail);
    await mkdir(this.outbox!, { recursive: true });
    const file = join(this.outbox!, `${m.messageId.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);
    await writeFile(file, raw.message as Buffer);
    return { messageId, file };
  }

  private closeWhenIdle(transport: Transporter): void {
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.inFlight || this.transport !== transport) return;
      this.transport = undefined;
      transport.close();
    }, SMTP_POOL_IDLE_MS);
    this.idleTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.transport?.close();
    this.transport = undefined;
  }
}

@Global()
@Module({ providers: [MailService], exports: [MailService] })
export class MailModule {}
