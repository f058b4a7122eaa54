/**
 * `hindsight compare`: several run folders side by side — one HTML page (metrics table with a column
 * per run, equity curves overlaid) and the same table as console text. Only metrics.json and
 * equity.csv are read. Curves are drawn as they are when every run starts from the same equity, and
 * each divided by its first sample (all start at 1) when the starting equities differ, so growth stays
 * comparable. Metric rows are the union of the runs' keys in first-seen order; a run without a key
 * shows "—". Runs are named by folder, with the parent folder added when two names clash.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { CLIENT_COMPARE_JS } from './client-compare.js';
import { minMaxIndices } from './downsample.js';
import { deltaTimes, escapeHtml, formatMetric, roundSig } from './format.js';
import { htmlPage } from './page.js';
import type { LineData } from './report-data.js';
import { DEFAULT_BUCKETS } from './report-data.js';
import { readEquityCsv, readMetricsJson } from './run-folder.js';
import type { EquityColumns } from './types.js';

export interface CompareRun {
  name: string;
  dir: string;
  metrics: Record<string, unknown>;
  equity: EquityColumns;
}

const COLORS = [
  '#0969da',
  '#cf222e',
  '#1a7f37',
  '#8250df',
  '#bf8700',
  '#1b7c83',
  '#bc4c00',
  '#6e7781',
  '#e85aad',
  '#4d2d00',
];

export function loadCompareRuns(dirs: readonly string[]): CompareRun[] {
  if (dirs.length === 0) throw new UsageError('compare needs at least one run folder');
  const abs = dirs.map((d) => resolve(d));
  for (const [i, d] of abs.entries())
    for (const f of ['metrics.json', 'equity.csv'])
      if (!existsSync(join(d, f))) throw new UsageError(`${dirs[i]}: not a run folder (${f} is missing)`);
  const names = abs.map((d) => basename(d));
  const clash = (n: string): boolean => names.filter((x) => x === n).length > 1;
  const seen = new Map<string, number>();
  return abs.map((d, i) => {
    let name = clash(names[i]!) ? `${basename(dirname(d))}/${names[i]}` : names[i]!;
    const k = (seen.get(name) ?? 0) + 1;
    seen.set(name, k);
    if (k > 1) name = `${name}#${k}`;
    return {
      name,
      dir: d,
      metrics: readMetricsJson(join(d, 'metrics.json')),
      equity: readEquityCsv(join(d, 'equity.csv')),
    };
  });
}

function metricKeys(runs: readonly CompareRun[]): string[] {
  const keys = new Set<string>();
  for (const r of runs) for (const k of Object.keys(r.metrics)) keys.add(k);
  return [...keys];
}

/** True when the runs start from different equities (then curves are drawn normalised to 1). */
export function needsNormalising(runs: readonly CompareRun[]): boolean {
  const firsts = runs.filter((r) => r.equity.length > 0).map((r) => r.equity.equity[0]!);
  return firsts.some((x) => x !== firsts[0]);
}

function curve(eq: EquityColumns, normalise: boolean, buckets: number): LineData {
  const base = eq.length > 0 ? eq.equity[0]! : 0;
  const scale = normalise && base > 0 ? 1 / base : 1;
  const values = scale === 1 ? eq.equity : eq.equity.map((e) => e * scale);
  const idx = minMaxIndices(values, buckets);
  const { t, kept } = deltaTimes(Array.from(idx, (i) => eq.time[i]!));
  return { t, v: kept.map((k) => roundSig(values[idx[k]!]!, 9)), of: eq.length };
}

export function buildComparePageFromRuns(runs: readonly CompareRun[], buckets = DEFAULT_BUCKETS): string {
  const normalise = needsNormalising(runs);
  const keys = metricKeys(runs);
  const colored = runs.map((r, i) => ({ ...r, color: COLORS[i % COLORS.length]! }));
  const head = `<tr><th class="l">metric</th>${colored.map((r) => `<th style="color:${r.color}">${escapeHtml(r.name)}</th>`).join('')}</tr>`;
  const rows = keys.map(
    (k) =>
      `<tr><td class="l">${escapeHtml(k)}</td>${runs.map((r) => `<td>${k in r.metrics ? escapeHtml(formatMetric(k, r.metrics[k])) : '—'}</td>`).join('')}</tr>`,
  );
  const fps = runs.map((r) => r.metrics.fingerprint);
  const sameFp = runs.length > 1 && typeof fps[0] === 'string' && fps.every((f) => f === fps[0]);
  const intraday = runs.some((r) => {
    const e = r.equity;
    return e.length > 1 && (e.time[e.length - 1]! - e.time[0]!) / (e.length - 1) < 86_400 * 0.9;
  });
  const body = [
    `<h1>Compare ${runs.length} run${runs.length === 1 ? '' : 's'}</h1>`,
    `<p class="sub">${runs.map((r) => escapeHtml(r.dir)).join(' · ')}</p>`,
    sameFp ? '<p class="sub">All runs have the same fingerprint (identical fills and final state).</p>' : '',
    '<h2>Equity</h2>',
    `<div class="legend">${colored.map((r) => `<span style="--c:${r.color}">${escapeHtml(r.name)}</span>`).join('')}</div>`,
    '<div class="chart tall" id="chart-compare" data-chart="compare"></div>',
    `<p class="caption">${normalise ? 'Starting equities differ: each curve is divided by its first sample (all start at 1).' : 'Equity in account currency.'} Curves downsampled to at most ${2 * buckets + 2} points each (min/max per bucket).</p>`,
    '<h2>Metrics</h2>',
    `<div class="scroll"><table class="metrics" id="compare-metrics"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`,
  ].join('\n');
  const payload = {
    intraday,
    runs: colored.map((r) => ({ name: r.name, color: r.color, line: curve(r.equity, normalise, buckets) })),
  };
  return htmlPage('Hindsight compare', body, 'compare-data', payload, CLIENT_COMPARE_JS);
}

/** The compare page for run folders. */
export function buildComparePage(runDirs: readonly string[]): string {
  return buildComparePageFromRuns(loadCompareRuns(runDirs));
}

const MAX_CELL = 24;
const clip = (s: string): string => (s.length > MAX_CELL ? s.slice(0, MAX_CELL - 1) + '…' : s);

/** Console table: a metric column, then one right-aligned column per run. */
export function formatCompareTable(runs: readonly CompareRun[]): string {
  const keys = metricKeys(runs);
  const header = ['metric', ...runs.map((r) => clip(r.name))];
  const rows = keys.map((k) => [
    k,
    ...runs.map((r) => (k in r.metrics ? clip(formatMetric(k, r.metrics[k])) : '—')),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const fmt = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n') + '\n';
}
