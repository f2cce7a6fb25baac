import { Global, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import { Env } from '../config/env.schema';

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** Stable id: becomes the Message-ID and the outbox file name, so a resend overwrites, never doubles. */
  messageId: string;
}

/**
 * Sends through SMTP (SMTP_URL) with nodemailer; without SMTP_URL writes each message as an .eml
 * file into OUTBOX_DIR, so a laptop or the demo needs no mail server.
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly logger = new Logger(MailService.name);
  private transport?: Transporter;
  private readonly outbox?: string;

  constructor(private readonly env: Env) {
    if (env.SMTP_URL) this.transport = nodemailer.createTransport(env.SMTP_URL, { from: env.MAIL_FROM });
    else this.outbox = resolve(env.OUTBOX_DIR);
  }

  get outboxDir(): string | undefined {
    return this.outbox;
  }

  async send(m: MailMessage): Promise<{ messageId: string; file?: string }> {
    const messageId = `<${m.messageId.replace(/[^A-Za-z0-9._:-]/g, '-')}@siap-ekspor>`;
    const mail = { from: this.env.MAIL_FROM, to: m.to, subject: m.subject, html: m.html, text: m.text, headers: m.headers, messageId };
    if (this.transport) {
      await this.transport.sendMail(mail);
      return { messageId };
    }
    const raw = await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }).sendMail(mail);
    await mkdir(this.outbox!, { recursive: true });
    const file = join(this.outbox!, `${m.messageId.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);
    await writeFile(file, raw.message as Buffer);
    return { messageId, file };
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}

@Global()
@Module({ providers: [MailService], exports: [MailService] })
export class MailModule {}
