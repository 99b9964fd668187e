/** The median of `xs` (the mean of the two middle values, rounded, for an even count; NaN-free only for a non-empty
 * list). The shared bottom (lib/): imported by the benchmarks, the metrics reporter and the specs alike. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : Math.round((s[m - 1]! + s[m]!) / 2);
}
