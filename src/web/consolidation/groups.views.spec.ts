import type { ExportGroup, JointExportWeek } from '../../consolidation/consolidation.types';
import { groupListView, groupMembershipView, groupView, jointExportWeekView } from './groups.views';

const ctx = { lang: 'id' as const, csrf: 'tok' };
const group: ExportGroup = {
  id: 'g1',
  name: 'Batik <Lasem>',
  market: 'SG',
  material: 'cotton',
  coordinatorBusinessId: 'b2',
  route: 'pkbk',
  note: null,
  candidateKey: 'SG:cotton',
  members: [
    { businessId: 'b1', businessName: 'Batik Asri', district: 'Lasem', rung: 'own_cn', joinedAt: '2026-11-20T03:00:00.000Z' },
    { businessId: 'b2', businessName: 'Batik Bunga', district: 'Lasem', rung: 'unrecorded', joinedAt: '2026-11-20T03:00:00.000Z' },
  ],
  rung: 'own_cn',
  createdAt: '2026-11-20T03:00:00.000Z',
  createdBy: 'officer:x',
  updatedAt: '2026-11-20T03:00:00.000Z',
  asOf: '2026-11-22',
  series: Array.from({ length: 26 }, (_, i) => ({
    week: `W${i}`,
    weekStart: `2026-05-${String(25 + (i % 5)).padStart(2, '0')}`,
    orders: i === 25 ? 3 : 0,
    valueIdr: i === 25 ? 450_000 : 0,
    buyers: 0,
  })),
};

describe('export group views', () => {
  it('shows members with links, rungs and the coordinator, the totals of the series, escaped', () => {
    const h = groupView(ctx, group).value;
    expect(h).toContain('<h1>Batik &lt;Lasem&gt;</h1>');
    expect(h).toContain('<a href="/dinas/usaha/b1">Batik Asri</a>');
    expect(h).toContain('<a href="/dinas/usaha/b2">Batik Bunga</a> <span class="pill ok">koordinator</span>');
    expect(h).toContain('Kiriman pos gabungan (PKBK)');
    expect(h).toContain('3 pesanan, Rp\u00a0450.000');
    expect(h).toContain('action="/dinas/ekspor-bersama/kelompok/g1/hapus"');
    expect(groupView({ ...ctx, lang: 'en' }, group).value).toContain('Postal consolidation (PKBK)');
    expect(groupView(ctx, group, [{ label: 'ambang masuk (v1)', valueIdr: 5_000_000 }]).value).toContain('<g class="threshold" data-value="5000000">');
  });

  it('says when a group is left with fewer than two members (a member business was deleted), in both languages', () => {
    expect(groupView(ctx, group).value).not.toContain('id="too-few"');
    expect(groupListView(ctx, [group]).value).not.toContain('kurang anggota');
    const alone: ExportGroup = { ...group, members: [group.members[1]] };
    expect(groupView(ctx, alone).value).toContain(
      '<div class="alert warn" role="status" id="too-few">Kelompok ini tinggal 1 anggota: ekspor bersama perlu paling sedikit 2 usaha.',
    );
    // what to do, with what the pages offer: the edit form does not change members
    expect(groupView(ctx, alone).value).toContain(
      'Hapus kelompok ini, lalu bentuk kelompok baru dari <a href="/dinas/ekspor-bersama">daftar kandidat</a>.</div>',
    );
    expect(groupListView(ctx, [alone]).value).toContain('1 <span class="pill warn">kurang anggota</span>');
    expect(groupView({ ...ctx, lang: 'en' }, alone).value).toContain('This group has only 1 member left: a joint export needs at least 2 businesses.');
    expect(groupView({ ...ctx, lang: 'en' }, { ...alone, members: [] }).value).toContain('This group has only 0 members left');
  });

  it('marks the coordinator on the business page and says nothing without groups', () => {
    expect(groupMembershipView('id', 'b2', [group]).value).toContain(
      '<a href="/dinas/ekspor-bersama/kelompok/g1">Batik &lt;Lasem&gt;</a> · Katun → Singapura <span class="pill ok">koordinator</span>',
    );
    expect(groupMembershipView('id', 'b2', []).value).toBe('');
  });

  it('lists the week’s new candidates and group changes on the weekly page, omitted when empty', () => {
    const je: JointExportWeek = {
      newCandidates: [
        {
          key: 'MY:cotton',
          market: 'MY',
          material: 'cotton',
          members: [{ businessId: 'b1', businessName: 'Batik Asri', district: 'Lasem' }],
          combined: { orders13w: 12, value13wIdr: 5_250_000, weight13wKg: 3, activeWeeks13: 8, repeatBuyers: 2 },
          suggestedRoute: 'pkbk',
          suggestedCoordinatorId: 'b1',
        },
      ],
      groups: [{ ...group, change: 'changed', coordinatorName: 'Batik Bunga', members: [] }],
    };
    const h = jointExportWeekView('id', je).value;
    expect(h).toContain('kandidat baru');
    expect(h).toContain('Katun → Malaysia</a>:\nBatik Asri · 12 pesanan 13 mg, Rp\u00a05.250.000');
    expect(h).toContain('kelompok diperbarui');
    expect(jointExportWeekView('id', { newCandidates: [], groups: [] }).value).toBe('');
  });
});
