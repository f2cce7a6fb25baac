import type { JointExportWeek } from '../consolidation/consolidation.types';
import type { ListFilters } from './weekly-list.view';

/** What a list frozen before joint export answers: nothing new, no group changes. */
export const EMPTY_JOINT_EXPORT: JointExportWeek = { newCandidates: [], groups: [] };

/**
 * The weekly list's `jointExport` field under the list's filters: a market filter keeps that
 * market's candidates and groups, a kecamatan filter those with a member there (kind and change
 * filters are about flags and leave the section whole).
 */
export function jointExportJson(je: JointExportWeek | null | undefined, f: ListFilters): JointExportWeek {
  const s = je ?? EMPTY_JOINT_EXPORT;
  const keep = (x: { market: string; members: Array<{ district: string }> }) =>
    (!f.market || x.market === f.market) && (!f.district || x.members.some((m) => m.district === f.district));
  return { newCandidates: s.newCandidates.filter(keep), groups: s.groups.filter(keep) };
}

/** Nothing to tell: the pages and digests leave the section out. */
export function jointExportIsEmpty(je: JointExportWeek | null | undefined): boolean {
  return !je || (!je.newCandidates.length && !je.groups.length);
}
