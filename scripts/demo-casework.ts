import { Db } from '../src/database/db';

/**
 * The demo's casework, seeded after the weekly runs so it follows the flags the engine raised:
 * officers visited flagged businesses a week or two after each flag, referred the strongest to
 * Kemendag's Export Coaching Program, coached the businesses that later moved to PEBs (so the report
 * shows a business that climbed after coaching), and left a few calls overdue. The year's targets
 * are set as the department would.
 */
export async function seedCasework(db: Db, today: string, officer: string): Promise<{ activities: number }> {
  const year = Number(today.slice(0, 4));
  let n = 0;
  // a visit 7–20 days after each readiness flag was raised, when that day has come
  n += await db.exec(
    `INSERT INTO activities (business_id, type, on_date, note, flag_id, created_by)
     SELECT f.business_id, 'visit', f.raised_on + (7 + abs(hashtext(f.id::text)) % 14), 'Kunjungan: membahas pesanan rutin ke ' || f.market || ' dan langkah ekspor berikutnya', f.id, $2
       FROM flags f WHERE f.kind = 'readiness' AND f.raised_on + (7 + abs(hashtext(f.id::text)) % 14) <= $1::date`,
    [today, officer],
  );
  // while a readiness flag stays open, the officer comes back about every quarter
  n += await db.exec(
    `INSERT INTO activities (business_id, type, on_date, note, flag_id, created_by)
     SELECT f.business_id, 'visit', d::date, 'Kunjungan lanjutan: memeriksa kemajuan dokumen dan pesanan', f.id, $2
       FROM flags f CROSS JOIN LATERAL generate_series(f.raised_on + 90 + abs(hashtext(f.id::text)) % 20, coalesce(f.resolved_on, $1::date), interval '91 days') AS d
      WHERE f.kind = 'readiness' AND d::date <= $1::date`,
    [today, officer],
  );
  // the strongest open flags: referred to the Export Coaching Program a fortnight after the visit, follow-up in a month
  n += await db.exec(
    `INSERT INTO activities (business_id, type, on_date, note, programme, flag_id, due_on, created_by)
     SELECT a.business_id, 'referral', least(a.on_date + 14, $1::date), 'Dirujuk ke Export Coaching Program Kemendag', 'ecp', a.flag_id,
            least(a.on_date + 14, $1::date) + 30, $2
       FROM activities a JOIN flags f ON f.id = a.flag_id
      WHERE a.type = 'visit' AND f.status <> 'resolved' AND f.score >= (SELECT percentile_cont(0.7) WITHIN GROUP (ORDER BY score) FROM flags WHERE kind = 'readiness')`,
    [today, officer],
  );
  // coaching before a first PEB: the business referred four months before, trained, graduated two weeks before it
  n += await db.exec(
    `WITH first_peb AS (SELECT business_id, min(ordered_on) AS d FROM orders WHERE declaration = 'peb' AND voided_at IS NULL GROUP BY business_id)
     INSERT INTO activities (business_id, type, on_date, note, programme, done_on, outcome, graduated, created_by)
     SELECT p.business_id, x.type, p.d - x.before, x.note, 'ecp', CASE WHEN x.type = 'referral' THEN p.d - 14 END,
            CASE WHEN x.type = 'referral' THEN 'Lulus ECP; siap mengurus PEB lewat PPJK' END, x.type = 'referral', $1
       FROM first_peb p CROSS JOIN (VALUES ('referral', 120, 'Dirujuk ke Export Coaching Program'), ('training', 60, 'Pelatihan dokumen ekspor dan PEB')) AS x(type, before, note)
      WHERE p.d - 120 > (SELECT min(ordered_on) FROM orders)`,
    [officer],
  );
  // calls promised last week and not made yet: the follow-up list and the digest show them
  n += await db.exec(
    `INSERT INTO activities (business_id, type, on_date, note, due_on, created_by)
     SELECT f.business_id, 'call', $1::date - 20, 'Telepon: tanyakan kelengkapan NIB dan izin', $1::date - 3 - (row_number() OVER (ORDER BY f.score DESC))::int, $2
       FROM flags f WHERE f.kind = 'readiness' AND f.status = 'open' ORDER BY f.score DESC LIMIT 4`,
    [today, officer],
  );
  const targets: Array<[string, number]> = [
    ['rungUps', 30],
    ['formalExporters', 10],
    ['businessesVisited', 40],
    ['referrals', 15],
  ];
  for (const [metric, target] of targets) {
    await db.exec(`INSERT INTO kpi_targets (year, metric, target, updated_by) VALUES ($1, $2, $3, 'demo-seed') ON CONFLICT DO NOTHING`, [year, metric, target]);
  }
  return { activities: n };
}
