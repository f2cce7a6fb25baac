import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailService, qpPiece } from '../mail/mail.service';
import { Snapshot, SnapshotItem } from '../reports/report.types';
import { digestCounts, DigestInput, personalise, personaliseQp, renderDigest, renderDigestBody, withQp } from './digest-render';

const item = (i: number, change: SnapshotItem['change']): SnapshotItem => ({
  flagId: `f${i}`,
  businessId: `b${i}`,
  businessName: `Kulit Ülla ${i} <&>`,
  district: 'Lasem',
  market: 'MY',
  kind: 'readiness',
  change,
  status: 'open',
  score: 70,
  ordersThisWeek: 2,
  orders13w: 14,
  value13wIdr: 48_250_000,
  repeatBuyers: 3,
  heaviestParcelKg: 1,
  wildlifeMaterials: ['snakeskin'],
  materials: ['snakeskin'],
  signalsHit: ['continuity'],
  reasons: [{ id: 'Pesanan 3 dari 4 bulan terakhir — “stabil”', en: 'Orders in 3 of the last 4 months' }],
  checklist: [
    {
      code: 'SKA-D',
      title: { id: 'Surat Keterangan Asal Form D', en: 'Certificate of origin Form D' },
      reason: { id: 'Tujuan Malaysia', en: 'Destination Malaysia' },
    },
  ],
  suggestedAction: 'visit',
  raisedOn: '2026-11-20',
  resolvedOn: null,
  series: [
    { week: '2026-W45', orders: 2, valueIdr: 1 },
    { week: '2026-W46', orders: 0, valueIdr: 0 },
    { week: '2026-W47', orders: 4, valueIdr: 2 },
  ],
});

function input(items: SnapshotItem[], over: Partial<DigestInput> = {}): DigestInput {
  const snapshot: Snapshot = {
    week: '2026-W47',
    weekStart: '2026-11-16',
    weekEnd: '2026-11-22',
    schemaVersion: 1,
    ruleSetVersion: 1,
    runId: null,
    previousWeek: null,
    publishedAt: new Date('2026-11-23T00:05:00Z'),
    items,
    counts: { total: items.length, new: 0, continuing: 0, resolved: 0 },
  };
  return {
    snapshot,
    items,
    locale: 'id',
    name: 'Bu Sri',
    repeat: false,
    filters: { districts: ['Lasem'], markets: [], materials: [], kinds: [] },
    links: { base: 'https://siap.example.go.id', unsubscribe: 'https://siap.example.go.id/api/v1/digests/unsubscribe?s=1&t=a_b-c' },
    ...over,
  };
}

async function viaMime(m: { subject: string; html: string | { qp: string }; text: string | { qp: string } }): Promise<{ html: string; text: string }> {
  const raw = (n: string, b: string | { qp: string }) =>
    typeof b === 'string' ? b : { raw: `Content-Type: ${n}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${b.qp}` };
  const out = await nodemailer
    .createTransport({ streamTransport: true, buffer: true })
    .sendMail({ from: 'a@b.example', to: 'c@d.example', subject: m.subject, html: raw('text/html', m.html), text: raw('text/plain', m.text) });
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

  it('headline: active flags = new + continuing, resolved apart; orders and value of active pairs counted once', () => {
    const at = (i: number, change: SnapshotItem['change'], over: Partial<SnapshotItem> = {}) => ({ ...item(i, change), ...over });
    const items = [
      at(1, 'new', { orders13w: 10, value13wIdr: 1_000_000 }),
      // the same business × market with a compliance flag: its orders are not counted twice
      at(1, 'new', { flagId: 'f1c', kind: 'compliance', orders13w: 10, value13wIdr: 1_000_000 }),
      at(2, 'continuing', { orders13w: 20, value13wIdr: 2_500_000 }),
      at(3, 'continuing', { orders13w: 5, value13wIdr: 500_000, market: 'CN' }),
      at(4, 'continuing', { orders13w: 7, value13wIdr: 700_000 }),
      at(5, 'resolved', { orders13w: 99, value13wIdr: 9_900_000 }),
    ];
    expect(digestCounts(items)).toEqual({ new: 2, continuing: 3, resolved: 1, active: 5, orders13w: 42, value13wIdr: 4_700_000 });
    const id = renderDigest(input(items));
    expect(id.subject).toBe('Daftar mingguan Siap Ekspor 2026-W47: 2 baru, 3 berlanjut, 1 selesai');
    expect(id.text).toContain('- Bendera aktif (usaha × negara tujuan): 5 — 2 baru, 3 berlanjut\n- Selesai minggu ini (tidak lagi aktif): 1\n');
    expect(id.text).toContain('- Pesanan luar negeri 13 minggu (bendera aktif): 42\n- Nilai 13 minggu (bendera aktif): Rp 4.700.000\n');
    expect(id.html).toContain('<td>Bendera aktif (usaha × negara tujuan)</td><td><strong>5</strong> — 2 baru, 3 berlanjut</td>');
    expect(id.text).toContain('== Baru minggu ini (2) ==');
    expect(id.text).toContain('== Berlanjut (3) ==');
    expect(id.text).toContain('== Selesai minggu ini (1) ==');
    const en = renderDigest(input(items, { locale: 'en' }));
    expect(en.subject).toBe('Siap Ekspor weekly list 2026-W47: 2 new, 3 continuing, 1 resolved');
    expect(en.text).toContain('- Active flags (business × market): 5 — 2 new, 3 continuing\n- Resolved this week (no longer active): 1\n');
    expect(en.text).toContain('- Overseas orders, 13 weeks (active flags): 42\n- Value, 13 weeks (active flags): IDR 4,700,000\n');
  });

  it("writes the filter line in the digest's language, values included", () => {
    const filters = { districts: ['Lasem'], markets: ['MY', 'CN'], materials: ['snakeskin'], kinds: ['compliance'] };
    const id = renderDigest(input([item(1, 'new')], { filters }));
    expect(id.text).toContain('Filter Anda: kecamatan: Lasem; negara tujuan: Malaysia, Tiongkok; bahan: kulit ular; jenis: kepatuhan (izin satwa)\n');
    expect(id.html).toContain('Filter Anda: kecamatan: Lasem; negara tujuan: Malaysia, Tiongkok; bahan: kulit ular; jenis: kepatuhan (izin satwa)</p>');
    const none = renderDigest(input([item(1, 'new')], { filters: { districts: [], markets: [], materials: [], kinds: [] } }));
    expect(none.text).toContain('Filter Anda: kecamatan: semua; negara tujuan: semua; bahan: semua; jenis: semua\n');
    for (const m of [id, none]) expect(`${m.text}${m.html}`).not.toMatch(/districts|markets|materials|kinds|\ball\b|Market|Why|Paperwork/);
    const en = renderDigest(input([item(1, 'new')], { filters, locale: 'en' }));
    expect(en.text).toContain('Your filters: districts: Lasem; markets: Malaysia, China; materials: snakeskin; kinds: compliance (wildlife permits)\n');
    expect(`${en.text}${en.html}`).not.toMatch(/kecamatan:|semua|Negara tujuan|Alasan|Dokumen|Tindak lanjut|Pesanan|Berlanjut|Selesai/);
  });

  it("links every business to its dashboard page and the list to that week's page, under the base URL", () => {
    const d = renderDigest(input([item(1, 'new'), item(2, 'resolved'), item(3, 'continuing')]));
    const hrefs = [...d.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    expect([...new Set(hrefs)].sort()).toEqual([
      'https://siap.example.go.id/api/v1/digests/unsubscribe?s=1&t=a_b-c',
      'https://siap.example.go.id/dinas/mingguan?minggu=2026-W47&kecamatan=Lasem',
      'https://siap.example.go.id/dinas/usaha/b1#flag-f1',
      'https://siap.example.go.id/dinas/usaha/b2#flag-f2',
      'https://siap.example.go.id/dinas/usaha/b3#flag-f3',
    ]);
    for (const h of hrefs) expect(d.text).toContain(h);
    expect(d.text).toContain('Buka daftar lengkap minggu 2026-W47 di dasbor: https://siap.example.go.id/dinas/mingguan?minggu=2026-W47&kecamatan=Lasem\n');
  });

  it('a quiet week still summarises the continuing flags; a repeat (no new list yet) shows the numbers only', () => {
    const items = [item(1, 'continuing'), { ...item(2, 'continuing'), district: 'Sluke', market: 'CN', status: 'in_review', score: 81.25 }];
    const quiet = renderDigest(input(items));
    expect(quiet.subject).toBe('Daftar mingguan Siap Ekspor 2026-W47: tidak ada perubahan');
    expect(quiet.text).toContain('Tidak ada usaha baru maupun yang selesai minggu ini untuk filter Anda.');
    expect(quiet.text).toContain('- Bendera aktif (usaha × negara tujuan): 2 — 0 baru, 2 berlanjut\n- Selesai minggu ini (tidak lagi aktif): 0\n');
    expect(quiet.text).not.toContain('== Baru minggu ini');
    expect(quiet.text).toContain(
      '== Berlanjut (2) ==\nPer kecamatan: Lasem 1 · Sluke 1\nPer negara tujuan: Malaysia 1 · Tiongkok 1\nPer jenis: kesiapan ekspor formal 2\nPer status tindak lanjut: ditinjau 1 · terbuka 1\n',
    );
    expect(quiet.text).toContain(
      '\nSemuanya, skor tertinggi lebih dulu:\n* Kulit Ülla 2 <&> — Sluke · Tiongkok · kesiapan ekspor formal\n  14 pesanan senilai Rp 48.250.000 dalam 13 minggu · skor 81,3 · ditinjau\n',
    );
    const repeat = renderDigest(input(items, { repeat: true, locale: 'en' }));
    expect(repeat.subject).toBe('Siap Ekspor: no new weekly list yet (latest 2026-W47)');
    expect(repeat.text).toContain('No new weekly list since 2026-W47; the numbers below still stand.');
    expect(repeat.text).toContain('- Active flags (business × market): 2 — 0 new, 2 continuing\n');
    expect(repeat.text).not.toMatch(/==|Kulit Ülla/);
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

describe('digest: "naik kelas", the week\'s climbs on the export ladder', () => {
  const ups = [
    { businessId: 'b7', businessName: 'Ulla Leather', district: 'Lasem', market: 'MY', from: 'own_cn' as const, to: 'agent_peb' as const, asOf: '2026-11-22' },
    {
      businessId: 'b8',
      businessName: 'Batik Sarang',
      district: 'Sarang',
      market: 'SG',
      from: 'unrecorded' as const,
      to: 'own_cn' as const,
      asOf: '2026-11-22',
    },
  ];
  const withUps = (locale: 'id' | 'en') => {
    const d = input([item(1, 'continuing')], { locale });
    return renderDigest({ ...d, snapshot: { ...d.snapshot, rungUps: ups } });
  };

  it("lists the climbs in the subscriber's districts, Indonesian and English, with the business link", () => {
    const id = withUps('id');
    expect(id.text).toContain(
      '== Naik kelas (1) ==\n* Ulla Leather — Lasem · Malaysia\n  CN atas nama sendiri → PEB lewat agen\n  https://siap.example.go.id/dinas/usaha/b7\n',
    );
    expect(id.text).not.toContain('Batik Sarang');
    expect(id.html).toContain(
      '<a href="https://siap.example.go.id/dinas/usaha/b7"><b>Ulla Leather — Lasem · Malaysia</b></a><br><small>CN atas nama sendiri → PEB lewat agen</small>',
    );
    expect(withUps('en').text).toContain('== Climbed a rung (naik kelas) (1) ==\n* Ulla Leather — Lasem · Malaysia\n  Own CN → PEB by an agent\n');
  });

  it('no section without climbs', () => {
    expect(renderDigest(input([item(1, 'continuing')])).text).not.toContain('Naik kelas');
  });
});
