import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailService, qpPiece } from '../mail/mail.service';
import { Snapshot, SnapshotItem } from '../reports/report.types';
import { DIGEST_SECTION_LIMIT, DigestInput, personalise, personaliseQp, renderDigest, renderDigestBody, withQp } from './digest-render';

const item = (i: number, change: SnapshotItem['change']): SnapshotItem => ({
  flagId: `f${i}`, businessId: `b${i}`, businessName: `Kulit Ülla ${i} <&>`, district: 'Lasem', market: 'MY', kind: 'readiness', change, status: 'open', score: 70,
  ordersThisWeek: 2, orders13w: 14, value13wIdr: 48_250_000, repeatBuyers: 3, heaviestParcelKg: 1, wildlifeMaterials: ['snakeskin'], materials: ['snakeskin'],
  signalsHit: ['continuity'], reasons: [{ id: 'Pesanan 3 dari 4 bulan terakhir — “stabil”', en: 'Orders in 3 of the last 4 months' }],
  checklist: [{ code: 'SKA-D', title: { id: 'Surat Keterangan Asal Form D', en: 'Certificate of origin Form D' }, reason: { id: 'Tujuan Malaysia', en: 'Destination Malaysia' } }],
  suggestedAction: 'visit', raisedOn: '2026-11-20', resolvedOn: null,
  series: [{ week: '2026-W45', orders: 2, valueIdr: 1 }, { week: '2026-W46', orders: 0, valueIdr: 0 }, { week: '2026-W47', orders: 4, valueIdr: 2 }],
});

function input(items: SnapshotItem[], over: Partial<DigestInput> = {}): DigestInput {
  const snapshot: Snapshot = {
    week: '2026-W47', weekStart: '2026-11-16', weekEnd: '2026-11-22', schemaVersion: 1, ruleSetVersion: 1, runId: null, previousWeek: null,
    publishedAt: new Date('2026-11-23T00:05:00Z'), items, counts: { total: items.length, new: 0, continuing: 0, resolved: 0 },
  };
  return {
    snapshot, items, locale: 'id', name: 'Bu Sri', repeat: false, filters: { districts: ['Lasem'], markets: [], materials: [], kinds: [] },
    links: { dashboard: 'https://siap.example.go.id/reports/weekly/2026-W47', unsubscribe: 'https://siap.example.go.id/api/v1/digests/unsubscribe?s=1&t=a_b-c' }, ...over,
  };
}

async function viaMime(m: { subject: string; html: string | { qp: string }; text: string | { qp: string } }): Promise<{ html: string; text: string }> {
  const raw = (n: string, b: string | { qp: string }) => (typeof b === 'string' ? b : { raw: `Content-Type: ${n}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${b.qp}` });
  const out = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail({ from: 'a@b.example', to: 'c@d.example', subject: m.subject, html: raw('text/html', m.html), text: raw('text/plain', m.text) });
  const parsed = await simpleParser(out.message as Buffer);
  return { html: String(parsed.html), text: String(parsed.text) };
}

describe('digest rendering (shared body + per-subscriber parts)', () => {
  it('a body rendered once and personalised gives the same message as rendering for the subscriber', () => {
    const items = [item(1, 'new'), item(2, 'continuing'), item(3, 'resolved')];
    for (const locale of ['id', 'en'] as const) {
      const d = input(items, { locale });
      const body = renderDigestBody(d);
      expect(personalise(body, d.name, d.links.unsubscribe)).toEqual(renderDigest(d));
      const other = personalise(body, null, 'https://x.example/u?s=2&t=z');
      expect(other.subject).toBe(renderDigest(d).subject);
      expect(other.text).toContain(locale === 'id' ? 'Halo,' : 'Hello,');
      expect(other.text).not.toContain('Bu Sri');
      expect(other.html).toContain('https://x.example/u?s=2&amp;t=z');
    }
  });

  it('the pre-encoded (quoted-printable) message decodes to exactly the plain one', async () => {
    const d = input([item(1, 'new'), item(2, 'continuing'), item(3, 'resolved')], { name: 'Ibu Ñoño “Sri”' });
    const body = withQp(renderDigestBody(d));
    const plain = personalise(body, d.name, d.links.unsubscribe);
    const encoded = personaliseQp(body, d.name, d.links.unsubscribe);
    for (const line of [...encoded.html.qp.split('\r\n'), ...encoded.text.qp.split('\r\n')]) expect(line.length).toBeLessThanOrEqual(76);
    const a = await viaMime(plain);
    const b = await viaMime(encoded);
    expect(b.html).toBe(plain.html);
    expect(b.html).toBe(a.html);
    expect(b.text.replace(/\r\n/g, '\n').trimEnd()).toBe(plain.text.trimEnd());
    expect(b.text).toBe(a.text);
  });

  it('qpPiece pieces concatenate into valid quoted-printable', () => {
    expect(qpPiece('')).toBe('');
    expect(qpPiece('a = b ')).toBe('a =3D b=20=\r\n');
    expect(qpPiece('x\n')).toBe('x\r\n');
  });

  it(`lists at most ${DIGEST_SECTION_LIMIT} businesses per section in full and counts the rest, with the dashboard link`, () => {
    const items = [...Array.from({ length: DIGEST_SECTION_LIMIT + 25 }, (_, i) => item(i, 'new')), item(999, 'resolved')];
    const id = renderDigest(input(items));
    expect(id.subject).toBe(`Daftar mingguan Siap Ekspor 2026-W47: ${DIGEST_SECTION_LIMIT + 25} baru, 0 berlanjut, 1 selesai`);
    expect(id.text).toContain(`Usaha dalam daftar: ${DIGEST_SECTION_LIMIT + 25}`);
    expect(id.text).toContain(`Kulit Ülla ${DIGEST_SECTION_LIMIT - 1} <&>`);
    expect(id.text).not.toContain(`Kulit Ülla ${DIGEST_SECTION_LIMIT} <&>`);
    expect(id.text).toContain('… dan 25 usaha lainnya. Buka daftar di dasbor: https://siap.example.go.id/reports/weekly/2026-W47');
    expect(id.text).toContain('Kulit Ülla 999');
    expect(id.html).toContain('<em>… dan 25 usaha lainnya.</em> <a href="https://siap.example.go.id/reports/weekly/2026-W47">');
    const en = renderDigest(input(items, { locale: 'en', sectionLimit: 5 }));
    expect(en.text).toContain(`… and ${(DIGEST_SECTION_LIMIT + 20).toLocaleString('en-US')} more. Open the list on the dashboard:`);
    expect(en.text).toContain('IDR 48,250,000');
    expect(id.text).toContain('Rp 48.250.000');
    expect(id.text).toContain('23 November 2026 07:05 WIB');
  });

  it('the outbox (.eml) mode writes the pre-encoded digest as a readable message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'siap-outbox-'));
    try {
      const mail = new MailService({ OUTBOX_DIR: dir, MAIL_FROM: 'Siap Ekspor <no-reply@siap-ekspor.local>' } as never);
      const d = input([item(1, 'new')]);
      const m = personaliseQp(withQp(renderDigestBody(d)), d.name, d.links.unsubscribe);
      const sent = await mail.send({ to: 'sri@example.go.id', ...m, messageId: 'digest-abc' });
      expect(sent.file).toBe(join(dir, 'digest-abc.eml'));
      const parsed = await simpleParser(readFileSync(sent.file!));
      const plain = renderDigest(d);
      expect(parsed.subject).toBe(plain.subject);
      expect(parsed.messageId).toBe('<digest-abc@siap-ekspor>');
      expect(parsed.html).toBe(plain.html);
      expect(String(parsed.text).trimEnd()).toBe(plain.text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
