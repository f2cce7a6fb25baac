import { WILDLIFE_MATERIALS } from '../common/reference-data';
import { buildChecklist, ChecklistContext, isPermit } from '../flags/checklist';
import type { Text } from '../flags/flag.types';
import type { Lang } from '../flags/i18n';
import type { PaperworkEntry } from '../flags/paperwork-seed';
import type { RungRow } from './pathway.repository';
import { PathwayMarket, PathwayStep, Rung, rungIndex, RUNGS } from './pathway.types';

/** Each rung's short name and the rule of the contract's table that puts a pair on it, in words. */
export const RUNG_TEXT: Record<Rung, { name: Text; rule: Text }> = {
  unrecorded: {
    name: { id: 'Belum tercatat', en: 'Unrecorded' },
    rule: { id: 'Belum ada pesanan yang diberitahukan atas nama usaha sendiri', en: "No order declared in the business's own name (or not known)" },
  },
  own_cn: {
    name: { id: 'CN atas nama sendiri', en: 'Own CN' },
    rule: { id: 'Pesanan dengan CN yang mencantumkan usaha sebagai pengirim', en: 'An order declared by CN naming the business as sender' },
  },
  consolidated: {
    name: { id: 'Kiriman gabungan', en: 'Consolidated' },
    rule: {
      id: 'Pesanan dalam pemberitahuan konsolidasi (PKBK) atau lewat koperasi/agregator',
      en: 'An order in a consolidated declaration (PKBK) or through a cooperative/aggregator',
    },
  },
  agent_peb: {
    name: { id: 'PEB lewat agen', en: 'PEB by an agent' },
    rule: {
      id: 'Pesanan dengan PEB yang diajukan PPJK atau eksportir agregator',
      en: 'An order with a PEB filed by a customs broker or an aggregator exporter',
    },
  },
  own_peb: {
    name: { id: 'PEB sendiri', en: 'Own PEB' },
    rule: {
      id: 'Pesanan dengan PEB atas nama sendiri dan NIB berakses kepabeanan yang terverifikasi',
      en: 'An order with a PEB in its own name and a verified NIB with customs access',
    },
  },
  origin_certified: {
    name: { id: 'Dengan SKA', en: 'Origin certified' },
    rule: {
      id: 'Pesanan dengan PEB dan surat keterangan asal (Form D, Form E atau lainnya)',
      en: 'An order with a PEB and a certificate of origin (Form D, Form E or other)',
    },
  },
  certified_exporter: {
    name: { id: 'Eksportir bersertifikat', en: 'Certified exporter' },
    rule: {
      id: 'Dokumen eksportir bersertifikat yang berlaku dan pesanan dengan PEB yang menyatakan asal barang sendiri',
      en: 'A valid certified-exporter document and an order with a PEB that self-certifies origin',
    },
  },
};

/** The rung above, or null on the top rung. */
export function nextRung(r: Rung): Rung | null {
  return RUNGS[rungIndex(r) + 1] ?? null;
}

/** Documents behind a rung: the certified-exporter one on the top rung, the NIB on own_peb; none elsewhere. */
const DOCUMENT_OF: Partial<Record<Rung, string>> = { certified_exporter: 'certified_exporter', own_peb: 'nib_customs_access' };

/** The checklist context of a pair for the ladder's steps: its window's orders, the business's materials, its verified NIB. */
export function ladderContext(row: RungRow): ChecklistContext {
  const wild = row.materials.filter((m) => (WILDLIFE_MATERIALS as readonly string[]).includes(m));
  return {
    kind: 'readiness',
    market: row.market,
    metrics: { materials13w: row.materials, categories13w: row.categories, heaviestParcelKg: row.heaviestKg, cnOverLimit13w: 0, wildlifeMaterials: wild },
    business: { nib: row.nib, hasCustomsAccess: row.documents.some((d) => d.type === 'nib_customs_access'), materials: row.declaredMaterials },
  };
}

/** What the rung above takes: its catalog entries that apply plus the wildlife permits, in the request's language. */
export function nextSteps(catalog: PaperworkEntry[], row: RungRow, next: Rung, lang: Lang): PathwayStep[] {
  const entries = catalog.filter((e) => e.rung === next || isPermit(e));
  const issuer = new Map(entries.map((e) => [e.code, e.issuer]));
  return buildChecklist(entries, ladderContext(row)).map((c) => ({ code: c.code, title: c.title[lang], reason: c.reason[lang], issuer: issuer.get(c.code) }));
}

/** One market of a business's pathway from its row of `rungsAsOf`. */
export function toPathwayMarket(row: RungRow, catalog: PaperworkEntry[], lang: Lang): PathwayMarket {
  const rung = RUNGS[row.rungIndex] ?? 'unrecorded';
  const next = nextRung(rung);
  const docType = DOCUMENT_OF[rung];
  return {
    market: row.market,
    rung,
    rungIndex: rungIndex(rung),
    evidence: {
      rule: RUNG_TEXT[rung].rule,
      orders: row.orders ?? [],
      ordersMatching: row.ordersMatching,
      documents: docType ? row.documents.filter((d) => d.type === docType) : [],
    },
    next: next ? { rung: next, steps: nextSteps(catalog, row, next, lang) } : null,
  };
}
