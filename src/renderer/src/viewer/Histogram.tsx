/**
 * The pixel-value histogram with the display limits on it: bars are log(1 + count) high so the
 * faint tail shows next to the sky peak; the low and high limits are vertical lines (an arrow at
 * the edge when a limit lies outside the histogram's range).
 */
export function Histogram({ hist, low, high }: { hist: { low: number; high: number; counts: number[] }; low: number; high: number }) {
  const W = 160;
  const H = 26;
  const n = hist.counts.length;
  const span = hist.high - hist.low;
  if (n === 0 || !(span > 0)) return <svg className="histogram" width={W} height={H} data-testid="histogram" />;
  let peak = 0;
  for (const c of hist.counts) peak = Math.max(peak, Math.log1p(c));
  const bw = W / n;
  let d = '';
  hist.counts.forEach((c, i) => {
    const h = peak > 0 ? (Math.log1p(c) / peak) * (H - 2) : 0;
    if (h > 0) d += `M${(i * bw).toFixed(2)} ${H}V${(H - h).toFixed(2)}h${bw.toFixed(2)}V${H}z`;
  });
  const at = (v: number) => ((v - hist.low) / span) * W;
  const line = (v: number, cls: string, testid: string) => {
    const x = at(v);
    if (x < 0) return <path className={cls} data-testid={testid} data-x="out-low" d={`M6 4L0 9L6 14z`} />;
    if (x > W) return <path className={cls} data-testid={testid} data-x="out-high" d={`M${W - 6} 4L${W} 9L${W - 6} 14z`} />;
    return <line className={cls} data-testid={testid} data-x={x.toFixed(1)} x1={x} x2={x} y1={0} y2={H} />;
  };
  return (
    <svg className="histogram" width={W} height={H} data-testid="histogram" data-low={hist.low} data-high={hist.high}>
      <title>{`pixel values ${hist.low.toPrecision(5)} … ${hist.high.toPrecision(5)} (log counts)`}</title>
      <path className="bars" d={d} />
      {line(low, 'limit low', 'hist-low')}
      {line(high, 'limit high', 'hist-high')}
    </svg>
  );
}
