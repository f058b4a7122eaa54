/**
 * The console summary printed after a run: a label column and a right-aligned value column, money as
 * exact decimals from the record's integer units (thousands grouped, at least 2 decimals), percentages
 * with 2 decimals, ratios with 2 decimals, "n/a" for figures that are undefined (null metrics).
 * Plain text unless `color` is asked for (then ANSI: bold title, green/red for signed results).
 * Deterministic apart from the wall-clock events/s figure it shows.
 */
import { formatScaled } from '../core/decimal.js';
import type { Metrics } from './metrics.js';
import type { RunRecord } from './run-record.js';

export interface SummaryOptions {
  /** ANSI colours (for a terminal). Default false. */
  color?: boolean;
}

/** "1234567.5" -> "1,234,567.50": groups the integer part, pads the fraction to `minPlaces`. */
export function groupDecimal(text: string, minPlaces = 0): string {
  const neg = text.startsWith('-');
  const body = neg ? text.slice(1) : text;
  const dot = body.indexOf('.');
  const int = dot < 0 ? body : body.slice(0, dot);
  let frac = dot < 0 ? '' : body.slice(dot + 1);
  while (frac.length < minPlaces) frac += '0';
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + grouped + (frac ? '.' + frac : '');
}

const pct = (x: number | null): string => (x === null ? 'n/a' : (x * 100).toFixed(2) + '%');
const ratio = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(2));
const int = (x: number): string => groupDecimal(String(Math.round(x)));

type Tone = 'plain' | 'good' | 'bad';
interface Row {
  label: string;
  value: string;
  /** Right-aligned figures vs free text (period, fingerprint, paths) that starts at the value column. */
  numeric: boolean;
  note?: string;
  tone?: Tone;
}

const toneOf = (x: number | null): Tone => (x === null || x === 0 ? 'plain' : x > 0 ? 'good' : 'bad');

export function formatSummary(
  run: RunRecord,
  metrics: Metrics,
  outDir: string | null,
  opts: SummaryOptions = {},
): string {
  const color = opts.color === true;
  let fees = 0;
  for (const f of run.fills) fees += f.feeUnits;
  // One number of decimals for every amount (at least 2), so the amounts line up on the point.
  const amounts = [run.initialCashUnits, run.finalEquityUnits, fees].map((u) =>
    formatScaled(u, run.cashScale),
  );
  const places = Math.max(2, ...amounts.map((t) => (t.includes('.') ? t.length - t.indexOf('.') - 1 : 0)));
  const money = (units: number): string =>
    `${groupDecimal(formatScaled(units, run.cashScale), places)} ${run.currency}`;
  const m = metrics;
  const rows: Row[] = [];
  const add = (label: string, value: string, numeric = true, note?: string, tone: Tone = 'plain'): void => {
    rows.push({ label, value, numeric, note, tone });
  };

  const c = run.equity;
  const n = c.length;
  const spanDays =
    n > 0 ? (c.tsSec[n - 1]! - c.tsSec[0]! + (c.tsNsec[n - 1]! - c.tsNsec[0]!) * 1e-9) / 86_400 : 0;
  const samples = `${groupDecimal(String(n))} sample${n === 1 ? '' : 's'}`;
  add(
    'Period',
    n === 0 ? 'no equity samples' : `${m.start} → ${m.end}  (${spanDays.toFixed(1)} days, ${samples})`,
    false,
  );
  add('Initial equity', money(run.initialCashUnits));
  add('Final equity', money(run.finalEquityUnits), true, undefined, toneOf(m.total_return));
  add('Total return', pct(m.total_return), true, undefined, toneOf(m.total_return));
  add('CAGR', pct(m.cagr), true, undefined, toneOf(m.cagr));
  add('Volatility (ann.)', pct(m.annual_volatility));
  add(
    'Sharpe',
    ratio(m.sharpe),
    true,
    m.periods_per_year === null ? undefined : `P = ${m.periods_per_year}/yr`,
  );
  add('Sortino', ratio(m.sortino));
  add('Calmar', ratio(m.calmar));
  add(
    'Max drawdown',
    pct(m.max_drawdown),
    true,
    !m.max_drawdown_duration_days
      ? undefined
      : `longest ${m.max_drawdown_duration_days.toFixed(1)} days under water`,
    m.max_drawdown !== null && m.max_drawdown < 0 ? 'bad' : 'plain',
  );
  add('Exposure', pct(m.exposure));
  add('Time in market', pct(m.time_in_market));
  if (m.benchmark !== null)
    add(
      'Benchmark',
      pct(m.benchmark_return),
      true,
      `${m.benchmark}; alpha ${pct(m.alpha)}, beta ${ratio(m.beta)}`,
      toneOf(m.benchmark_return),
    );
  add('Trades', int(m.trades));
  add('Win rate', pct(m.win_rate));
  add('Profit factor', ratio(m.profit_factor));
  add('Fees', money(fees), true, `${int(run.fills.length)} fills`);
  if (m.orders_rejected > 0) add('Orders rejected', int(m.orders_rejected));
  if (m.orders_open_at_end > 0) add('Orders open at end', int(m.orders_open_at_end));
  if (m.open_positions > 0) add('Open positions', int(m.open_positions));
  add(
    'Events',
    int(m.events),
    true,
    m.events_per_sec === null ? undefined : `${int(m.events_per_sec)} events/s`,
  );
  if (m.rows_quarantined > 0) {
    const files = run.dataSources
      .filter((d) => d.rowsQuarantined > 0 && d.quarantinePath)
      .map((d) => d.quarantinePath);
    add(
      'Quarantined rows',
      int(m.rows_quarantined),
      true,
      files.length ? `in ${files.join(', ')}` : undefined,
      'bad',
    );
  }
  add('Fingerprint', m.fingerprint, false);
  add('Run folder', outDir ?? '(not written)', false);

  const labelW = Math.max(...rows.map((r) => r.label.length));
  const valueW = Math.max(...rows.filter((r) => r.numeric).map((r) => r.value.length));
  const paint = (text: string, tone: Tone | undefined): string =>
    !color || tone === undefined || tone === 'plain'
      ? text
      : `\x1b[${tone === 'good' ? 32 : 31}m${text}\x1b[0m`;
  const title = 'Backtest summary';
  const lines = [color ? `\x1b[1m${title}\x1b[0m` : title];
  for (const r of rows) {
    const pad = r.numeric ? ' '.repeat(valueW - r.value.length) : '';
    let line = '  ' + r.label.padEnd(labelW) + '  ' + pad + paint(r.value, r.tone);
    if (r.note) line += '  ' + r.note;
    lines.push(line);
  }
  return lines.join('\n');
}
