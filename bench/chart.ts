/** A small dependency-free SVG line chart: weekly-run time (s) vs orders, product and SQL baseline. */
export function curveSvg(points: Array<{ orders: number; seconds: number | null; baselineSeconds: number | null }>): string {
  const W = 480;
  const H = 280;
  const L = 56;
  const B = 40;
  const T = 30;
  const R = 20;
  const xs = points.map((p) => p.orders);
  const ys = points.flatMap((p) => [p.seconds, p.baselineSeconds]).filter((v): v is number => v !== null);
  const xMax = Math.max(1, ...xs);
  const yMax = Math.max(0.001, ...ys) * 1.15;
  const x = (v: number) => L + (v / xMax) * (W - L - R);
  const y = (v: number) => H - B - (v / yMax) * (H - B - T);
  const line = (key: 'seconds' | 'baselineSeconds', color: string, label: string, dy: number) => {
    const pts = points.filter((p) => p[key] !== null);
    if (!pts.length) return `<text x="${L + 10}" y="${T + dy}" font-size="11" fill="${color}">${label}: not available</text>`;
    const d = pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.orders).toFixed(1)},${y(p[key]!).toFixed(1)}`).join(' ');
    const dots = pts
      .map(
        (p) =>
          `<circle cx="${x(p.orders).toFixed(1)}" cy="${y(p[key]!).toFixed(1)}" r="3" fill="${color}"><title>${p.orders.toLocaleString('en-US')} orders: ${p[key]!.toFixed(2)} s</title></circle>`,
      )
      .join('');
    return `<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>${dots}<text x="${L + 10}" y="${T + dy}" font-size="11" fill="${color}">${label}</text>`;
  };
  const ticksX = xs
    .map((v) => `<text x="${x(v).toFixed(1)}" y="${H - B + 16}" font-size="10" text-anchor="middle">${v >= 1e6 ? `${v / 1e6}M` : `${v / 1e3}k`}</text>`)
    .join('');
  return frame({
    box: { W, H, L, B, T, R },
    y,
    yMax,
    title: 'Weekly run time vs orders (5,000 businesses max)',
    xLabel: 'orders in the database',
    ticksX,
    body: `${line('seconds', '#c0392b', 'POST /watch/runs (full run)', 0)}
${line('baselineSeconds', '#2471a3', 'hand-written SQL aggregate', 14)}`,
  });
}

/** The chart around the lines: white background, title, axes, y ticks with grid lines, x ticks, labels. */
export function frame(o: {
  box: { W: number; H: number; L: number; B: number; T: number; R: number };
  y: (v: number) => number;
  yMax: number;
  title: string;
  xLabel: string;
  ticksX: string;
  body: string;
}): string {
  const { W, H, L, B, T, R } = o.box;
  const { y, yMax } = o;
  const ticksY = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (f) =>
        `<text x="${L - 6}" y="${(y(f * yMax) + 3).toFixed(1)}" font-size="10" text-anchor="end">${(f * yMax).toFixed(yMax < 10 ? 1 : 0)}</text><line x1="${L}" x2="${W - R}" y1="${y(f * yMax).toFixed(1)}" y2="${y(f * yMax).toFixed(1)}" stroke="#eee"/>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="${W}" height="${H}" fill="white"/>
<text x="${W / 2}" y="16" font-size="13" text-anchor="middle">${o.title}</text>
${ticksY}
<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#333"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#333"/>
${o.ticksX}
<text x="${W / 2}" y="${H - 6}" font-size="11" text-anchor="middle">${o.xLabel}</text>
<text x="14" y="${H / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 14 ${H / 2})">seconds</text>
${o.body}
</svg>
`;
}
