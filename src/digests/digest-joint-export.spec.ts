import type { JointExportWeek } from '../consolidation/consolidation.types';
import { DIGEST_JOINT_ROWS, jointExportSection } from './digest-joint-export';

const none = { districts: [], markets: [], materials: [], kinds: [] };
const candidate = (market: string, district = 'Lasem'): JointExportWeek['newCandidates'][number] => ({
  key: `${market}:cotton`,
  market,
  material: 'cotton',
  members: [{ businessId: 'b1', businessName: 'Batik Asri', district }],
  combined: { orders13w: 10, value13wIdr: 1_000_000, weight13wKg: 2, activeWeeks13: 8, repeatBuyers: 2 },
  suggestedRoute: 'pkbk',
  suggestedCoordinatorId: 'b1',
});

describe('digest joint-export section', () => {
  it('keeps the subscriber’s markets, materials and kecamatan; null when nothing is theirs', () => {
    const je = { newCandidates: [candidate('SG'), candidate('MY', 'Sluke')], groups: [] };
    expect(jointExportSection(je, 'id', 'https://x.example', { ...none, markets: ['SG'] })!.t).toContain('* Kandidat baru: Katun → Singapura');
    expect(jointExportSection(je, 'id', 'https://x.example', { ...none, districts: ['Sluke'] })!.t[1]).toBe('== Ekspor bersama (1) ==');
    expect(jointExportSection(je, 'id', 'https://x.example', { ...none, materials: ['silk'] })).toBeNull();
    expect(jointExportSection(null, 'en', 'https://x.example', none)).toBeNull();
  });

  it('lists at most DIGEST_JOINT_ROWS and links the rest', () => {
    const markets = ['SG', 'MY', 'JP', 'HK', 'TW', 'KR', 'AU', 'US', 'NL', 'BN', 'SA', 'CN'];
    const p = jointExportSection({ newCandidates: markets.map((m) => candidate(m)), groups: [] }, 'en', 'https://x.example/', none)!;
    expect(p.t.filter((l) => l.startsWith('* '))).toHaveLength(DIGEST_JOINT_ROWS);
    expect(p.t[p.t.length - 1]).toBe(`${markets.length - DIGEST_JOINT_ROWS} more on the dashboard: https://x.example/dinas/ekspor-bersama/kelompok`);
    expect(p.h).toContain('Joint export (12)');
  });
});
