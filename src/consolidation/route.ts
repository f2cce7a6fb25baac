import { WILDLIFE_MATERIALS } from '../common/reference-data';
import { formatIdr, materialName } from '../flags/i18n';
import { RUNG_TEXT } from '../pathway/ladder';
import { FORMAL_FROM, Rung, rungIndex } from '../pathway/pathway.types';
import type { JointRoute, JointText } from './consolidation.types';

/**
 * Combined 13-week value from which the KITE IKM facility (import-duty relief on inputs for export
 * production, open to a consortium of small industries) repays its paperwork: Rp 250 million.
 */
export const KITE_IKM_MIN_VALUE13W_IDR = 250_000_000;
/** Members in one kecamatan from which a cooperative (or a firm the sentra appoints) is suggested. */
export const COOPERATIVE_MIN_MEMBERS = 3;
/** Share of the combined orders sent by post from which PKBK (the postal operator's consolidated notice) fits. */
export const PKBK_MIN_POST_SHARE = 0.5;

/** A weight in both languages' number style: "19,5 kg" / "19.5 kg". */
export function kgText(kg: number): JointText {
  const v = String(Math.round(kg * 1000) / 1000);
  return { id: `${v.replace('.', ',')} kg`, en: `${v} kg` };
}

export interface RouteMember {
  businessId: string;
  businessName: string;
  district: string;
  rung: Rung;
}

export interface RouteInput {
  material: string;
  members: RouteMember[];
  /** The combined heaviest consignment in 13 weeks (kg). */
  heaviestKg: number | null;
  value13wIdr: number;
  /** Share (0–1) of the combined 13-week orders sent by post. */
  postShare: number;
  /** The rule set's consignment line (barang kiriman), 30 kg by default. */
  heavyParcelKg: number;
}

export interface RouteSuggestion {
  route: JointRoute;
  reason: JointText;
}

/**
 * The route a group could ship by, first rule that holds (DOMAIN.md "Businesses that cannot export
 * alone"):
 * 1. a member already on `agent_peb` or above in the market → `partner_exporter`: it already declares
 *    PEB exports, so the others ship through it;
 * 2. a wildlife material (permits a consortium holds once for all) or a combined 13-week value of at
 *    least KITE_IKM_MIN_VALUE13W_IDR → `kite_ikm_consortium`;
 * 3. at least COOPERATIVE_MIN_MEMBERS members, all in one kecamatan → `cooperative`;
 * 4. the heaviest consignment within the consignment line and most orders by post → `pkbk`;
 * 5. otherwise → `partner_exporter` (heavier or non-postal shipments need a PEB through an exporter).
 */
export function suggestRoute(i: RouteInput): RouteSuggestion {
  const formal = i.members.filter((m) => rungIndex(m.rung) >= rungIndex(FORMAL_FROM)).sort((a, b) => rungIndex(b.rung) - rungIndex(a.rung));
  if (formal.length) {
    const m = formal[0];
    const rung = RUNG_TEXT[m.rung].name;
    return {
      route: 'partner_exporter',
      reason: {
        id: `${m.businessName} sudah di anak tangga "${rung.id}" untuk pasar ini: anggota lain dapat mengirim lewat ekspornya (PEB)`,
        en: `${m.businessName} already stands on "${rung.en}" in this market: the other members can ship through its exports (PEB)`,
      },
    };
  }
  const mat = materialName(i.material);
  if ((WILDLIFE_MATERIALS as readonly string[]).includes(i.material)) {
    return {
      route: 'kite_ikm_consortium',
      reason: {
        id: `${mat.id} adalah bahan satwa liar: konsorsium IKM (fasilitas KITE IKM) mengurus izin dan bahan baku sekali untuk semua anggota`,
        en: `${mat.en} is a wildlife material: an IKM consortium (KITE IKM facility) handles permits and inputs once for all members`,
      },
    };
  }
  if (i.value13wIdr >= KITE_IKM_MIN_VALUE13W_IDR) {
    const v = formatIdr(i.value13wIdr);
    const t = formatIdr(KITE_IKM_MIN_VALUE13W_IDR);
    return {
      route: 'kite_ikm_consortium',
      reason: {
        id: `Nilai gabungan ${v.id} dalam 13 minggu (≥ ${t.id}): pembebasan bea bahan baku lewat konsorsium KITE IKM sepadan dengan urusannya`,
        en: `Combined value ${v.en} in 13 weeks (≥ ${t.en}): duty relief on inputs through a KITE IKM consortium repays its paperwork`,
      },
    };
  }
  const districts = [...new Set(i.members.map((m) => m.district))];
  if (i.members.length >= COOPERATIVE_MIN_MEMBERS && districts.length === 1) {
    return {
      route: 'cooperative',
      reason: {
        id: `${i.members.length} anggota di satu kecamatan (${districts[0]}): satu koperasi atau usaha yang ditunjuk sentra dapat mengekspor untuk semuanya`,
        en: `${i.members.length} members in one kecamatan (${districts[0]}): one cooperative or a firm the sentra appoints can export for all`,
      },
    };
  }
  const pct = Math.round(100 * i.postShare);
  const heavy = kgText(i.heaviestKg ?? 0);
  const line = kgText(i.heavyParcelKg);
  if (i.heaviestKg !== null && i.heaviestKg <= i.heavyParcelKg && i.postShare >= PKBK_MIN_POST_SHARE) {
    return {
      route: 'pkbk',
      reason: {
        id: `Kiriman terberat ${heavy.id} (≤ batas barang kiriman ${line.id}) dan ${pct} % pesanan lewat pos: gabungkan dalam satu PKBK operator pos`,
        en: `Heaviest consignment ${heavy.en} (within the ${line.en} consignment line) and ${pct} % of orders by post: combine them in one postal PKBK`,
      },
    };
  }
  const why =
    i.heaviestKg !== null && i.heaviestKg > i.heavyParcelKg
      ? {
          id: `kiriman terberat ${heavy.id} melewati batas barang kiriman ${line.id}`,
          en: `the heaviest consignment of ${heavy.en} is over the ${line.en} consignment line`,
        }
      : { id: `hanya ${pct} % pesanan lewat pos`, en: `only ${pct} % of orders go by post` };
  return {
    route: 'partner_exporter',
    reason: {
      id: `Bermitra dengan eksportir terdaftar yang mengurus PEB: ${why.id}`,
      en: `Partner with a registered exporter who files the PEB: ${why.en}`,
    },
  };
}

/** The export-ladder rungs whose catalog paperwork a route needs (besides the permits that apply on every rung). */
export const ROUTE_RUNGS: Record<JointRoute, Rung[]> = {
  pkbk: ['consolidated'],
  cooperative: ['consolidated'],
  partner_exporter: ['agent_peb'],
  kite_ikm_consortium: ['agent_peb', 'own_peb'],
};
