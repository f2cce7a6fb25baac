import { ReportsService } from '../../src/reports/reports.service';
import { createBusinessWithKey } from '../factories';
import { ADMIN_KEY, auth, startTestApp, TestApp } from '../utils/test-app';
import { completedRun, insertEvaluation, insertFlag, METRICS } from './fixtures';

/**
 * The weekly list's suggested action reads customs access from the documents register as of the
 * week's Sunday, not from the stored `has_customs_access` column: nothing updates that column when a
 * customs-access NIB expires or is removed, so it says the opposite of the register here.
 */
describe('weekly list: customs access as the register has it on the week’s Sunday', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-16T00:30:00Z' });
  });
  afterAll(() => t.close());

  it('an NIB that expired in the week or was removed needs fixing; a valid one does not, whatever the column says', async () => {
    const reports = t.app.get(ReportsService);
    const businesses: Record<string, string> = {};
    // name → [the NIB document's expiry, removed, the stale column]
    const cases: Record<string, [string | null, boolean, boolean]> = {
      'Batik Kedaluwarsa': ['2026-11-18', false, true], // valid on Monday, expired by Sunday
      'Batik Berlaku': [null, false, false],
      'Batik Dihapus': [null, true, true],
    };
    for (const [name, [expiresOn, removed, column]] of Object.entries(cases)) {
      const id = (await createBusinessWithKey(t.http, { name, district: 'Lasem', materials: ['cotton'], nib: '9120001234567' })).id;
      businesses[name] = id;
      await t.db.exec(
        `INSERT INTO business_documents (business_id, type, issued_on, expires_on, removed_at) VALUES ($1, 'nib_customs_access', '2025-01-01', $2, CASE WHEN $3 THEN now() END)`,
        [id, expiresOn, removed],
      );
      await t.db.exec(`UPDATE businesses SET has_customs_access = $2 WHERE id = $1`, [id, column]);
      const flag = await insertFlag(t.db, { businessId: id, market: 'MY', raisedOn: '2026-11-15' });
      const metrics = { ...METRICS, wildlifeMaterials: [] };
      await insertEvaluation(t.db, flag, '2026-11-15', metrics);
      await insertEvaluation(t.db, flag, '2026-11-22', metrics);
    }
    await completedRun(t.db, '2026-11-15');
    expect(await reports.publish('2026-W46')).toBe('published');
    t.clock.set('2026-11-23T00:30:00Z');
    await completedRun(t.db, '2026-11-22');
    expect(await reports.publish('2026-W47')).toBe('published');

    const items = (await t.http.get('/api/v1/reports/weekly/2026-W47').set(auth(ADMIN_KEY)).expect(200)).body.items as Array<{
      businessName: string;
      change: string;
      suggestedAction: string;
    }>;
    expect(Object.fromEntries(items.map((i) => [i.businessName, [i.change, i.suggestedAction]]))).toEqual({
      'Batik Kedaluwarsa': ['continuing', 'nib_customs_fix'],
      'Batik Berlaku': ['continuing', 'export_coaching_referral'],
      'Batik Dihapus': ['continuing', 'nib_customs_fix'],
    });
  });
});
