import { axisTicks, thresholdLabelYs, weeklyChart } from './chart';

describe('axisTicks', () => {
  it('steps counts by whole numbers at nice intervals', () => {
    expect(axisTicks(10, true)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(axisTicks(9, true)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(axisTicks(4, true)).toEqual([0, 1, 2, 3, 4]);
    expect(axisTicks(3, true)).toEqual([0, 1, 2, 3]);
    expect(axisTicks(0, true)).toEqual([0, 1]);
    expect(axisTicks(13, true)).toEqual([0, 5, 10, 15]);
    expect(axisTicks(23, true)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(axisTicks(120, true)).toEqual([0, 25, 50, 75, 100, 125]);
  });
  it('steps values by 1, 2, 2.5 or 5 × 10ⁿ', () => {
    expect(axisTicks(55_000_000, false)).toEqual([0, 20_000_000, 40_000_000, 60_000_000]);
    expect(axisTicks(12_300_000, false)).toEqual([0, 2_500_000, 5_000_000, 7_500_000, 10_000_000, 12_500_000]);
    expect(axisTicks(1, false)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});

describe('thresholdLabelYs', () => {
  it('keeps a label above its line when there is room', () => {
    expect(thresholdLabelYs([100, 160])).toEqual([96, 156]);
  });
  it('moves the lower of two close labels down so they never overlap', () => {
    expect(thresholdLabelYs([100, 105])).toEqual([96, 109]);
    expect(thresholdLabelYs([105, 100])).toEqual([109, 96]);
  });
  it('keeps a label at the top inside the plot', () => {
    expect(thresholdLabelYs([14])).toEqual([23]);
  });
});

describe('weeklyChart', () => {
  const points = [
    { week_start: '2026-11-02', market: 'MY', orders: 3, value_idr: '3000000' },
    { week_start: '2026-11-09', market: 'MY', orders: 10, value_idr: '9000000' },
    { week_start: '2026-11-16', market: 'CN', orders: 1, value_idr: '1500000' },
  ];
  const svg = weeklyChart('id', {
    from: '2026-11-02',
    to: '2026-11-23',
    points,
    thresholds: [
      { label: 'ambang masuk', valueIdr: 10_000_000 },
      { label: 'ambang bertahan', valueIdr: 9_500_000 },
    ],
  }).value;

  it('labels the order axis with whole numbers', () => {
    expect(svg).toMatch(/id="chart-orders"[\s\S]*?data-ticks="0 2 4 6 8 10"/);
    const orders = svg.slice(svg.indexOf('id="chart-orders"'), svg.indexOf('id="chart-value"'));
    const labels = [...orders.matchAll(/text-anchor="end" fill="#4b5563">([^<]+)</g)].map((m) => m[1]);
    expect(labels).toEqual(['0', '2', '4', '6', '8', '10']);
  });
  it('is an image named by its title and described by a summary of the figures', () => {
    expect(svg).toContain('role="img" aria-labelledby="chart-orders-t chart-orders-d"');
    expect(svg).toContain(
      '<desc id="chart-orders-d">4 minggu, 2 Nov 2026 sampai 23 Nov 2026. Malaysia: 13 pesanan, paling banyak 10 per minggu; ' +
        'Tiongkok: 1 pesanan, paling banyak 1 per minggu.</desc>',
    );
    expect(svg).toContain(
      'Malaysia: nilai 13 minggu terakhir Rp\u00a012.000.000; Tiongkok: nilai 13 minggu terakhir Rp\u00a01.500.000. ' +
        'ambang masuk: Rp\u00a010.000.000. ambang bertahan: Rp\u00a09.500.000.</desc>',
    );
  });
  it('draws two close threshold labels a line apart', () => {
    const ys = [...svg.matchAll(/<text x="704" y="([\d.]+)"[^>]*>(ambang [a-z]+)</g)].map((m) => [m[2], Number(m[1])] as const);
    expect(ys.map(([l]) => l)).toEqual(['ambang masuk', 'ambang bertahan']);
    expect(ys[1][1] - ys[0][1]).toBeGreaterThanOrEqual(13);
  });
});
