/**
 * An independent, deliberately naive SMA-crossover backtest used as the reference for the engine:
 * plain arrays, SMAs recomputed from scratch each bar, decisions on the close, fills at the next open,
 * fixed size, no commission. It shares no code with the engine.
 */
export interface RefBar {
  date: string;
  open: number;
  close: number;
}

export interface RefTrade {
  entryDate: string;
  entryPrice: number;
  exitDate: string;
  exitPrice: number;
  pnl: number;
}

export function referenceSmaTrades(bars: RefBar[], fast: number, slow: number, size: number): RefTrade[] {
  const sma = (end: number, n: number): number => {
    if (end + 1 < n) return NaN;
    let s = 0;
    for (let i = end - n + 1; i <= end; i++) s += bars[i]!.close;
    return s / n;
  };
  const trades: RefTrade[] = [];
  let long = false;
  let entry: { date: string; price: number } | null = null;
  let pending: 'buy' | 'sell' | null = null;
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i]!;
    if (pending === 'buy') {
      long = true;
      entry = { date: bar.date, price: bar.open };
    } else if (pending === 'sell' && entry) {
      long = false;
      trades.push({
        entryDate: entry.date,
        entryPrice: entry.price,
        exitDate: bar.date,
        exitPrice: bar.open,
        pnl: Math.round((bar.open - entry.price) * size * 1e6) / 1e6,
      });
      entry = null;
    }
    pending = null;
    if (i === 0) continue;
    const f0 = sma(i - 1, fast);
    const s0 = sma(i - 1, slow);
    const f1 = sma(i, fast);
    const s1 = sma(i, slow);
    if ([f0, s0, f1, s1].some(Number.isNaN)) continue;
    if (f0 <= s0 && f1 > s1 && !long) pending = 'buy';
    else if (f0 >= s0 && f1 < s1 && long) pending = 'sell';
  }
  return trades;
}

/** Reads date, open and close from a Yahoo-format CSV with split() — independent of the engine's parser. */
export function readYahooNaive(text: string): RefBar[] {
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0]!.split(',');
  const iDate = header.indexOf('Date');
  const iOpen = header.indexOf('Open');
  const iClose = header.indexOf('Close');
  return lines.slice(1).map((line) => {
    const f = line.split(',');
    return { date: f[iDate]!, open: Number(f[iOpen]), close: Number(f[iClose]) };
  });
}
