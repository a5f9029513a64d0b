/** Minimum, median and maximum of a set of measurements. */
export interface Spread {
  /** Smallest value. */
  readonly min: number;
  /** Median (the mean of the two middle values for an even count). */
  readonly median: number;
  /** Largest value. */
  readonly max: number;
  /** How many values. */
  readonly count: number;
}

/** The spread of `values` (at least one). */
export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) throw new RangeError("no values to summarize");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], count: sorted.length };
}
