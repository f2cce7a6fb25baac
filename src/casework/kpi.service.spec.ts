import { kpiBounds } from './kpi.repository';
import { monthPeriods, previousPeriod } from './kpi.service';

describe('KPI periods', () => {
  it('compares the year to date with last year, whole months with as many months before, other periods with as many days', () => {
    expect(previousPeriod('2026-04-01', '2026-06-30')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(previousPeriod('2026-01-01', '2026-12-31')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(previousPeriod('2026-03-01', '2026-03-31')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(previousPeriod('2026-01-01', '2026-11-25')).toEqual({ from: '2025-01-01', to: '2025-11-25' });
    expect(previousPeriod('2028-01-01', '2028-02-29')).toEqual({ from: '2027-01-01', to: '2027-02-28' });
    expect(previousPeriod('2026-04-10', '2026-04-19')).toEqual({ from: '2026-03-31', to: '2026-04-09' });
  });

  it('splits a period into its months, clipped to the period', () => {
    expect(monthPeriods('2026-01-15', '2026-03-10')).toEqual([
      { key: '2026-01', from: '2026-01-15', to: '2026-01-31' },
      { key: '2026-02', from: '2026-02-01', to: '2026-02-28' },
      { key: '2026-03', from: '2026-03-01', to: '2026-03-10' },
    ]);
  });

  it('cuts the orders at every period border and reads rungs on every first and last day', () => {
    const { days, bounds } = kpiBounds([
      { key: 'total', from: '2026-04-01', to: '2026-05-31' },
      { key: 'previous', from: '2026-02-01', to: '2026-03-31' },
      ...monthPeriods('2026-04-01', '2026-05-31'),
    ]);
    expect(days).toEqual(['2026-02-01', '2026-03-31', '2026-04-01', '2026-04-30', '2026-05-01', '2026-05-31']);
    // the first bound opens the 26-week window of the earliest rung day (182 days back)
    expect(bounds).toEqual(['2025-08-03', '2026-01-31', '2026-02-01', '2026-03-31', '2026-04-01', '2026-04-30', '2026-05-01', '2026-05-31']);
  });
});
