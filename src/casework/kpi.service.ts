import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { InvalidInput } from '../common/errors';
import { addDays, addMonths, daysBetween, monthStart } from '../common/time';
import { RUNGS } from '../pathway/pathway.types';
import { neutraliseFormula } from '../reports/weekly-list.view';
import { KpiCounts, KpiMetric, KpiReport } from './casework.types';
import { KpiPeriod, KpiRepository, KpiRow } from './kpi.repository';
import { ActivitiesRepository } from './activities.repository';

/** The longest period one report covers: three years (a report per year is the usual). */
export const KPI_MAX_DAYS = 3 * 366;
const MOVED_UP_LIMIT = 500;

function counts(r: KpiRow | undefined): KpiCounts {
  const total = BigInt(r?.value_total ?? '0');
  const formal = BigInt(r?.value_formal ?? '0');
  return {
    businessesActive: r?.businesses_active ?? 0,
    businessesFlagged: r?.businesses_flagged ?? 0,
    businessesVisited: r?.businesses_visited ?? 0,
    referrals: r?.referrals ?? 0,
    rungUps: r?.rung_ups ?? 0,
    formalExporters: r?.formal_exporters ?? 0,
    exportValueIdr: { total: total.toString(), formal: formal.toString(), direct: (total - formal).toString() },
  };
}

/** The months of [from, to], each clipped to the period: "each month counted as if the period were that month". */
export function monthPeriods(from: string, to: string): KpiPeriod[] {
  const out: KpiPeriod[] = [];
  for (let m = monthStart(from); m <= to; m = addMonths(m, 1)) {
    const end = addDays(addMonths(m, 1), -1);
    out.push({ key: m.slice(0, 7), from: m < from ? from : m, to: end > to ? to : end });
  }
  return out;
}

/**
 * The period to compare with: the year to date with the same days of the year before; whole
 * calendar months with as many months just before (a quarter with the quarter before, a year with
 * the year before); any other period with as many days just before.
 */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  // the year to date (from 1 January): the same days of the year before
  if (from.slice(5) === '01-01' && from.slice(0, 4) === to.slice(0, 4) && to.slice(5) !== '12-31') {
    const back = (d: string) => `${Number(d.slice(0, 4)) - 1}${d.slice(4) === '-02-29' ? '-02-28' : d.slice(4)}`;
    return { from: back(from), to: back(to) };
  }
  const wholeMonths = from === monthStart(from) && addDays(to, 1) === monthStart(addDays(to, 1));
  if (wholeMonths) {
    const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
    return { from: addMonths(from, -months), to: addDays(from, -1) };
  }
  const days = daysBetween(from, to) + 1;
  return { from: addDays(from, -days), to: addDays(from, -1) };
}

export const KPI_CSV_COLUMNS = [
  'scope',
  'key',
  'from',
  'to',
  'businessesActive',
  'businessesFlagged',
  'businessesVisited',
  'referrals',
  'rungUps',
  'formalExporters',
  'exportValueIdrTotal',
  'exportValueIdrFormal',
  'exportValueIdrDirect',
] as const;

@Injectable()
export class KpiService {
  constructor(
    private readonly repo: KpiRepository,
    private readonly activities: ActivitiesRepository,
  ) {}

  async report(from: string, to: string): Promise<KpiReport> {
    if (from > to) throw new InvalidInput('from: must not be after to');
    const days = daysBetween(from, to) + 1;
    if (days > KPI_MAX_DAYS) throw new InvalidInput(`to: a report covers at most ${KPI_MAX_DAYS} days (from ${from})`);
    const previous = { key: 'previous', ...previousPeriod(from, to) };
    const months = monthPeriods(from, to);
    const { counts: rows, movedUp: moved } = await this.repo.report([{ key: 'total', from, to }, previous, ...months], MOVED_UP_LIMIT);
    const pick = (key: string, district: string | null = null) => rows.find((r) => r.key === key && r.district === district);
    const districts = [...new Set(rows.filter((r) => r.key === 'total' && r.district !== null).map((r) => r.district as string))].sort();
    return {
      from,
      to,
      totals: counts(pick('total')),
      byDistrict: districts.map((district) => ({ district, ...counts(pick('total', district)) })),
      byMonth: months.map((m) => ({ month: m.key, ...counts(pick(m.key)) })),
      previous: { from: previous.from, to: previous.to, totals: counts(pick('previous')) },
      targets: (await this.activities.targets(Number(to.slice(0, 4)))) as Partial<Record<KpiMetric, number>>,
      movedUp: moved.map((m) => ({
        businessId: m.business_id,
        businessName: m.business_name,
        district: m.district,
        market: m.market,
        from: RUNGS[m.from_rung],
        to: RUNGS[m.to_rung],
      })),
    };
  }

  /** The report as CSV rows: the total, each kecamatan, each month (UTF-8 with BOM, CRLF). */
  csv(r: KpiReport): string {
    const line = (scope: string, key: string, f: string, t: string, c: KpiCounts) => [
      scope,
      neutraliseFormula(key),
      f,
      t,
      c.businessesActive,
      c.businessesFlagged,
      c.businessesVisited,
      c.referrals,
      c.rungUps,
      c.formalExporters,
      c.exportValueIdr.total,
      c.exportValueIdr.formal,
      c.exportValueIdr.direct,
    ];
    const rows = [
      line('total', 'total', r.from, r.to, r.totals),
      ...r.byDistrict.map((d) => line('district', d.district, r.from, r.to, d)),
      ...monthPeriods(r.from, r.to).map((m, i) => line('month', m.key, m.from, m.to, r.byMonth[i])),
    ];
    return '\uFEFF' + stringify([[...KPI_CSV_COLUMNS], ...rows], { record_delimiter: '\r\n' });
  }
}
