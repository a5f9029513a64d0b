import type { Spread } from "./spread";

/** The measurements of one synth path at one lab size. */
export interface PathResult {
  /** Wall time in milliseconds. */
  readonly wallMs: Spread;
  /** Peak RSS in MiB; undefined when it could not be measured. */
  readonly peakRssMiB?: Spread;
  /** CPU time (user + system) in milliseconds; undefined when it could not be measured. */
  readonly cpuMs?: Spread;
}

/** One row of the synth table: a lab and the three paths on it. */
export interface SynthRow {
  /** What was synthesized, e.g. `bundled example (9 machines)` or `1000 machines, 4 environments`. */
  readonly lab: string;
  /** Machines in the lab. */
  readonly machines: number;
  /** (a) our fast path. */
  readonly fast: PathResult;
  /** (b) the cdktf template's default path, `npx ts-node main.ts`. */
  readonly tsNode?: PathResult;
  /** (c) `npx cdktf synth`. */
  readonly cdktfCli?: PathResult;
}

/** `1.23 s` for a duration in milliseconds. */
function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** `median (min–max, n runs)` of a time spread. */
function timeCell(spread: Spread): string {
  return `${seconds(spread.median)} (${seconds(spread.min)}–${seconds(spread.max)}, n=${spread.count})`;
}

/** Median CPU time, or `n/a`. */
function cpuCell(spread: Spread | undefined): string {
  return spread ? seconds(spread.median) : "n/a";
}

/** Median peak RSS, or `n/a`. */
function rssCell(spread: Spread | undefined): string {
  return spread ? `${Math.round(spread.median)} MB` : "n/a";
}

/** The ratio of two medians, e.g. `7.9x`, or `-` when a side is missing. */
function ratioCell(slow: PathResult | undefined, fast: PathResult): string {
  return slow ? `${(slow.wallMs.median / fast.wallMs.median).toFixed(1)}x` : "-";
}

/**
 * The synth table as Markdown: per lab, the wall time of (a), (b) and (c) as median (min–max, runs),
 * their peak RSS medians, and the ratios b/a and c/a of the medians.
 */
export function synthTable(rows: readonly SynthRow[]): string {
  const header = [
    "| lab | (a) ours: wall | (a) CPU | (a) RSS | (b) ts-node: wall | (b) RSS | (c) cdktf synth: wall | (c) RSS | b/a | c/a |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  const lines = rows.map((row) =>
    [
      row.lab,
      timeCell(row.fast.wallMs),
      cpuCell(row.fast.cpuMs),
      rssCell(row.fast.peakRssMiB),
      row.tsNode ? timeCell(row.tsNode.wallMs) : "-",
      rssCell(row.tsNode?.peakRssMiB),
      row.cdktfCli ? timeCell(row.cdktfCli.wallMs) : "-",
      rssCell(row.cdktfCli?.peakRssMiB),
      ratioCell(row.tsNode, row.fast),
      ratioCell(row.cdktfCli, row.fast),
    ].join(" | "),
  );
  return [...header, ...lines.map((line) => `| ${line} |`)].join("\n");
}

/**
 * The marginal time per machine of (a) between consecutive lab sizes, e.g.
 * `10→100: 4.1 ms, 100→1000: 3.0 ms`: constant when synth work per machine is constant.
 */
export function marginalPerMachine(rows: readonly SynthRow[]): string {
  const sorted = [...rows].sort((a, b) => a.machines - b.machines);
  return sorted
    .slice(1)
    .map((row, index) => {
      const previous = sorted[index];
      const ms = (row.fast.wallMs.median - previous.fast.wallMs.median) / (row.machines - previous.machines);
      return `${previous.machines}→${row.machines}: ${ms.toFixed(1)} ms`;
    })
    .join(", ");
}

/** The targets of docs/performance.md, each with the measured figure and whether it holds. */
export function targetsTable(rows: readonly SynthRow[]): string {
  const bundled = rows.find((row) => row.lab.startsWith("bundled"));
  const large = rows.find((row) => row.machines === 1000);
  const verdict = (holds: boolean, figure: string) => `${holds ? "yes" : "**no**"}: ${figure}`;
  const notMeasured = "not measured (run without --quick, or with --sizes=1000)";
  const lines: [string, string][] = [
    ["bundled lab at most 0.35 s (a, median)", bundled ? verdict(bundled.fast.wallMs.median <= 350, seconds(bundled.fast.wallMs.median)) : notMeasured],
    ["1000 machines at most 2.5 s (a, median)", large ? verdict(large.fast.wallMs.median <= 2500, seconds(large.fast.wallMs.median)) : notMeasured],
    [
      "1000 machines at most 250 MB peak RSS (a, median)",
      large?.fast.peakRssMiB ? verdict(large.fast.peakRssMiB.median <= 250, `${Math.round(large.fast.peakRssMiB.median)} MB`) : notMeasured,
    ],
    [
      "at least 8x faster than (b) `npx ts-node main.ts` at every size",
      rows.every((row) => row.tsNode)
        ? verdict(
            rows.every((row) => row.tsNode!.wallMs.median / row.fast.wallMs.median >= 8),
            rows.map((row) => `${ratioCell(row.tsNode, row.fast)} (${row.machines})`).join(", "),
          )
        : "not measured",
    ],
  ];
  return ["| target | holds |", "| --- | --- |", ...lines.map(([target, holds]) => `| ${target} | ${holds} |`)].join("\n");
}

/** One line of the table of other timings (test suite, binding generation, cold synth). */
export interface OtherTiming {
  /** What was timed, e.g. `npm test`. */
  readonly what: string;
  /** Its wall time. */
  readonly wallMs: Spread;
  /** Anything worth knowing, e.g. `exit 1`. */
  readonly note?: string;
}

/** The other timings as a Markdown table. */
export function otherTable(timings: readonly OtherTiming[]): string {
  return [
    "| what | wall (median, min–max, runs) | note |",
    "| --- | --- | --- |",
    ...timings.map((timing) => `| ${timing.what} | ${timeCell(timing.wallMs)} | ${timing.note ?? ""} |`),
  ].join("\n");
}
