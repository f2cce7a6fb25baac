import type { Material } from '../common/reference-data';
import type { Rung } from '../pathway/pathway.types';

/**
 * Joint export: businesses that cannot export alone, grouped by one material to one market
 * (API.md "Joint export"; DOMAIN.md "Businesses that cannot export alone").
 */
export const JOINT_ROUTES = ['pkbk', 'cooperative', 'kite_ikm_consortium', 'partner_exporter'] as const;
export type JointRoute = (typeof JOINT_ROUTES)[number];

/** A candidate's key: "<market>:<material>", e.g. "SG:cotton". */
export function candidateKey(market: string, material: string): string {
  return `${market}:${material}`;
}

export interface CandidateMember {
  businessId: string;
  businessName: string;
  orders13w: number;
  value13wIdr: number;
  weight13wKg: number;
  /** Additive (not in the contract): the member's kecamatan, its rung in the market and its share of the combined value (0–1). */
  district?: string;
  rung?: Rung;
  activeWeeks13?: number;
  valueShare?: number;
}

export interface CandidateCombined {
  orders13w: number;
  value13wIdr: number;
  weight13wKg: number;
  activeWeeks13: number;
  repeatBuyers: number;
}

/** One item of GET /consolidation/candidates (the contract's fields). */
export interface Candidate {
  key: string;
  market: string;
  material: Material | string;
  businesses: CandidateMember[];
  combined: CandidateCombined;
  meetsReadiness: boolean;
  suggestedRoute: JointRoute;
  suggestedCoordinatorId: string;
  reasons: string[];
  checklist: Array<{ code: string; title: string; reason: string }>;
  /** Additive: why that route, in the request language. */
  suggestedRouteReason?: string;
}

/** A text in both languages (stored candidates are localised when read). */
export interface JointText {
  id: string;
  en: string;
}

/**
 * A candidate as computed and stored (`consolidation_candidates.payload`): the contract's fields
 * with every text in both languages. `localizeCandidate` turns it into the API's Candidate.
 */
export interface StoredCandidate extends Omit<Candidate, 'reasons' | 'checklist' | 'suggestedRouteReason'> {
  reasons: JointText[];
  checklist: Array<{ code: string; title: JointText; reason: JointText }>;
  suggestedRouteReason: JointText;
}

export function localizeCandidate(c: StoredCandidate, lang: 'id' | 'en'): Candidate {
  return {
    ...c,
    reasons: c.reasons.map((r) => r[lang]),
    checklist: c.checklist.map((i) => ({ code: i.code, title: i.title[lang], reason: i.reason[lang] })),
    suggestedRouteReason: c.suggestedRouteReason[lang],
  };
}

export interface CandidatesResult {
  asOf: string;
  items: Candidate[];
}

export interface ExportGroupMember {
  businessId: string;
  businessName: string;
  district: string;
  rung: Rung;
  joinedAt: string;
}

/** What a group is made of: the fields a create sets, as stored and as answered. */
export interface ExportGroupFields {
  name: string;
  market: string;
  material: string;
  coordinatorBusinessId: string | null;
  route: JointRoute | null;
  note: string | null;
  candidateKey: string | null;
}

/** GET /export-groups/:id (the list omits `series`). */
export interface ExportGroup extends ExportGroupFields {
  id: string;
  members: ExportGroupMember[];
  /** The highest rung any member stands on in the group's market (the group climbs with its coordinator). */
  rung: Rung;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  /** The members' combined orders of the group's material to its market, 26 weeks ending with asOf's week. */
  series?: Array<{ week: string; orders: number; valueIdr: number; buyers: number; /** the week's Monday (WIB) */ weekStart?: string }>;
  asOf?: string;
}

/** Page paths (officer dashboard), shared by the candidates page and the groups pages. */
export const JOINT_PAGES = {
  /** GET: candidates list with a "form a group" form per candidate (?asOf=&market=). */
  candidates: '/dinas/ekspor-bersama',
  /** GET: groups list; POST: create a group (form fields below). */
  groups: '/dinas/ekspor-bersama/kelompok',
  /** GET: one group; POST …/:id: update; POST …/:id/hapus: delete. */
  group: (id: string) => `/dinas/ekspor-bersama/kelompok/${id}`,
} as const;

/**
 * Form fields of POST JOINT_PAGES.groups (x-www-form-urlencoded): name, market, material,
 * memberBusinessIds (repeated field, one per member), coordinatorBusinessId, route, note,
 * candidateKey (when formed from a candidate). Same rules as POST /export-groups.
 */
export const GROUP_FORM_FIELDS = ['name', 'market', 'material', 'memberBusinessIds', 'coordinatorBusinessId', 'route', 'note', 'candidateKey'] as const;

/** A business as the weekly list and the digests name it in the joint-export section. */
export interface JointExportMemberRef {
  businessId: string;
  businessName: string;
  district: string;
}

/**
 * The weekly list's `jointExport` section, frozen with the list at publication: candidates the
 * week's Sunday run found that the run a week earlier did not, and the groups created ("new") or
 * updated ("changed") during the week.
 */
export interface JointExportWeek {
  newCandidates: Array<{
    key: string;
    market: string;
    material: string;
    members: JointExportMemberRef[];
    combined: CandidateCombined;
    suggestedRoute: JointRoute | null;
    suggestedCoordinatorId: string | null;
  }>;
  groups: Array<{
    id: string;
    name: string;
    market: string;
    material: string;
    change: 'new' | 'changed';
    route: JointRoute | null;
    candidateKey: string | null;
    coordinatorBusinessId: string | null;
    coordinatorName: string | null;
    members: JointExportMemberRef[];
  }>;
}
