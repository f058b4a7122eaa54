/**
 * report.html: one self-contained file (DESIGN.md §4). Styles, lightweight-charts' standalone build
 * (Apache-2.0, read from node_modules when the first page is built), the payload (report-data.ts) and
 * the page script are all inlined; the page makes no network request and opens from file://.
 *
 * Static parts (figures, metrics table, monthly heatmap, config, notes) are rendered here as HTML, so
 * they read even without scripts; charts, the histogram and the trade table are drawn in the browser.
 * Every metrics.json key is shown, in file order, whatever it holds. Output is deterministic: the same
 * input gives the same bytes (no clock, no randomness).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CLIENT_COMMON_JS } from './client-common.js';
import { CLIENT_REPORT_JS } from './client-report.js';
import { embedJson, escapeHtml, formatMetric } from './format.js';
import { PAGE_CSS } from './page-style.js';
import { reportView, type PayloadOptions, type ReportView } from './report-data.js';
import type { CalendarGrid } from './series.js';
import type { ReportInput } from './types.js';

let chartsSource: string | null = null;

/** lightweight-charts' standalone production build (defines window.LightweightCharts). */
export function lightweightChartsSource(): string {
  if (chartsSource === null) {
    const pkg = createRequire(import.meta.url).resolve('lightweight-charts/package.json');
    const text = readFileSync(
      join(dirname(pkg), 'dist', 'lightweight-charts.standalone.production.js'),
      'utf8',
    );
    if (/<\/script/i.test(text))
      throw new Error('lightweight-charts build contains "</script": cannot inline it');
    chartsSource = text;
  }
  return chartsSource;
}

/** The page skeleton shared with the compare page. */
export function htmlPage(
  title: string,
  body: string,
  dataId: string,
  payload: unknown,
  script: string,
): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<link rel="icon" href="data:,">',
    `<style>${PAGE_CSS}</style>`,
    '</head><body><main>',
    body,
    '</main>',
    `<script id="${dataId}" type="application/json">${embedJson(payload)}</script>`,
    `<script>${lightweightChartsSource()}</script>`,
    `<script>${CLIENT_COMMON_JS}\n${script}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

const CARD_KEYS = [
  'total_return',
  'cagr',
  'sharpe',
  'sortino',
  'max_drawdown',
  'annual_volatility',
  'trades',
  'win_rate',
  'profit_factor',
  'final_equity',
];

/** Figures where above zero is good (green) and below is bad (red). */
const TONED = new Set(['total_return', 'cagr', 'sharpe', 'sortino']);

function cards(metrics: Record<string, unknown>): string {
  const items = CARD_KEYS.filter((k) => k in metrics).map((k) => {
    const v = metrics[k];
    const tone = TONED.has(k) && typeof v === 'number' ? (v > 0 ? 'up' : v < 0 ? 'down' : '') : '';
    return `<div class="card"><div class="k">${escapeHtml(k)}</div><div class="v ${tone}">${escapeHtml(formatMetric(k, v))}</div></div>`;
  });
  return `<div class="cards">${items.join('')}</div>`;
}

function metricsTable(metrics: Record<string, unknown>): string {
  const rows = Object.entries(metrics).map(
    ([k, v]) =>
      `<tr><td class="l">${escapeHtml(k)}</td><td title="${escapeHtml(JSON.stringify(v) ?? '')}">${escapeHtml(formatMetric(k, v))}</td></tr>`,
  );
  return `<div class="scroll"><table class="metrics" id="metrics"><tbody>${rows.join('')}</tbody></table></div>`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A percentage with `places` decimals, without a sign when it rounds to zero. */
function percentText(r: number, places: number): string {
  const text = (r * 100).toFixed(places);
  return (Number(text) === 0 ? (0).toFixed(places) : text) + '%';
}

function heatCell(r: number | null, maxAbs: number, places: number): string {
  if (r === null) return '<td></td>';
  const a = maxAbs > 0 && r !== 0 ? 0.12 + 0.7 * Math.min(1, Math.abs(r) / maxAbs) : 0;
  const bg = r >= 0 ? `rgba(26,127,55,${a.toFixed(3)})` : `rgba(207,34,46,${a.toFixed(3)})`;
  return `<td style="background:${bg}" title="${(r * 100).toFixed(4)}%">${percentText(r, places)}</td>`;
}

function heatmap(c: CalendarGrid): string {
  if (c.years.length === 0) return '<p class="sub">No equity samples.</p>';
  let maxAbs = 0;
  for (const row of c.months) for (const r of row) if (r !== null) maxAbs = Math.max(maxAbs, Math.abs(r));
  const places = maxAbs < 0.01 ? 2 : 1;
  const head = `<tr><th class="l">year</th>${MONTHS.map((m) => `<th>${m}</th>`).join('')}<th>year</th></tr>`;
  const rows = c.years.map((y, i) => {
    const total = c.yearTotals[i]!;
    const months = c.months[i]!.map((r) => heatCell(r, maxAbs, places)).join('');
    return `<tr><th class="l">${y}</th>${months}${heatCell(total, Math.max(maxAbs, Math.abs(total ?? 0)), places)}</tr>`;
  });
  return `<div class="scroll"><table class="heatmap" id="heatmap"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`;
}

const count = (x: number): string => x.toLocaleString('en-US');

function pointsCaption(what: string, drawn: number, of: number): string {
  return drawn < of
    ? `${what}: ${count(drawn)} of ${count(of)} points drawn (min/max per bucket).`
    : `${what}: ${count(of)} points.`;
}

function body(view: ReportView, input: ReportInput): string {
  const p = view.payload;
  const notes = view.notes;
  const m = input.metrics;
  const fp = typeof m.fingerprint === 'string' ? m.fingerprint : 'n/a';
  const period =
    typeof m.start === 'string' && typeof m.end === 'string' ? `${m.start} → ${m.end}` : 'no samples';
  const parts: string[] = [
    `<h1>${escapeHtml(input.title)}</h1>`,
    `<p class="sub">${escapeHtml(period)} · fingerprint <code id="fingerprint">${escapeHtml(fp)}</code></p>`,
    cards(m),
  ];
  if (notes.length)
    parts.push(`<ul class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  parts.push(
    `<h2>Equity and drawdown</h2><div class="chart tall" id="chart-equity" data-chart="equity" data-panes="${p.drawdown ? 2 : 1}"></div>`,
  );
  parts.push(
    `<p class="caption">${escapeHtml(pointsCaption('Equity', p.equity.t.length, p.equity.of))} Lower pane: drawdown from the running peak${p.drawdown ? '' : ' (undefined: the first equity sample is not positive)'}.</p>`,
  );
  parts.push('<h2>Rolling Sharpe and volatility</h2>');
  if (p.rolling)
    parts.push(
      '<div class="chart tall" id="chart-rolling" data-chart="rolling" data-panes="2"></div>',
      `<p class="caption">Annualised, over a window of ${count(p.rolling.window)} returns (≈ ${p.rolling.days.toFixed(0)} days); upper pane Sharpe, lower pane volatility. ${escapeHtml(pointsCaption('Sharpe', p.rolling.sharpe.t.length, p.rolling.sharpe.of))}</p>`,
    );
  else parts.push('<p class="sub">Too few equity samples for rolling figures.</p>');
  parts.push('<h2>Prices and trades</h2>');
  if (view.pricesNote) parts.push(`<p class="sub" id="prices-note">${escapeHtml(view.pricesNote)}</p>`);
  else if (p.prices.length === 0) parts.push('<p class="sub" id="prices-note">No price data in range.</p>');
  else
    parts.push(
      '<div class="legend"><span style="--c:#1a7f37">▲ buy entry, ● buy exit (below the bar)</span><span style="--c:#cf222e">▼ sell entry, ● sell exit (above the bar)</span><span style="--c:transparent">×n: n fills in one candle</span></div>',
    );
  p.prices.forEach((pr, i) => {
    parts.push(
      `<h3>${escapeHtml(pr.symbol)}</h3><div class="chart" id="chart-price-${i}" data-chart="price"></div>`,
      `<p class="caption">${count(pr.bars)} bars${pr.barsPerCandle > 1 ? `, ${count(pr.barsPerCandle)} bars per candle (open of the first, high and low over all, close of the last)` : ''}.</p>`,
      `<p class="caption" id="price-hint-${i}"></p>`,
    );
  });
  parts.push('<h2>Monthly returns</h2>', heatmap(view.calendar));
  parts.push('<h2>Return distribution</h2>');
  if (p.histogram)
    parts.push(
      '<canvas class="histogram" id="histogram" data-chart="histogram"></canvas>',
      `<p class="caption">${p.histogram.basis === 'daily' ? 'Daily (UTC day close to close)' : 'Per-period'} returns, ${count(p.histogram.count)} of them in ${p.histogram.counts.length} bins; dashed line: mean ${(p.histogram.mean * 100).toFixed(4)}%.</p>`,
    );
  else parts.push('<p class="sub">No returns to show.</p>');
  parts.push(
    '<h2>Trades</h2>',
    '<div class="controls"><input id="trade-filter" type="search" placeholder="filter by symbol"><select id="trade-side"><option value="all">long and short</option><option value="long">long</option><option value="short">short</option></select><select id="trade-result"><option value="all">wins and losses</option><option value="win">wins</option><option value="loss">losses</option></select><button id="trades-prev" type="button">◀ prev</button><button id="trades-next" type="button">next ▶</button><span id="trades-info" class="sub"></span></div>',
    '<div class="scroll"><table id="trades"><thead><tr></tr></thead><tbody></tbody></table></div>',
    '<h2>Metrics</h2>',
    metricsTable(m),
    '<h2>Configuration</h2>',
    `<pre id="config">${escapeHtml(input.configYaml || '(config.resolved.yaml missing)')}</pre>`,
  );
  return parts.join('\n');
}

/** The complete report.html text for a run. */
export function buildReport(input: ReportInput, opts: PayloadOptions = {}): string {
  const view = reportView(input, opts);
  return htmlPage(
    `${input.title} · Hindsight report`,
    body(view, input),
    'report-data',
    view.payload,
    CLIENT_REPORT_JS,
  );
}
