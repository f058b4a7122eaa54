/**
 * Trade statistics over closed round trips (trades.csv), for the whole run and broken down by side,
 * symbol and strategy, in one pass over the trade columns. pnl is net of fees; money is in the account
 * currency (units / 10^cashScale).
 *
 *   win: pnl > 0, loss: pnl < 0 (a breakeven trade is neither)
 *   win_rate      = wins / trades
 *   profit_factor = Σ winning pnl / |Σ losing pnl|          (null without losses: it would be infinite)
 *   avg_pnl       = Σ pnl / trades
 *   avg_win, avg_loss = Σ winning (losing) pnl / wins (losses)
 *   payoff_ratio  = avg_win / |avg_loss|
 *   expectancy    = avg_pnl / |avg_loss| = win_rate · payoff_ratio − loss_rate (Van Tharp: the expected
 *                   gain per trade in units of the average loss; null without losses)
 *   duration      = exit time − entry time; avg and max over trades
 *   streaks       = longest run of consecutive wins (losses) in the order trades closed (list order);
 *                   any other trade ends a run
 * Σ pnl is an exact integer sum of units; averages divide once at the end.
 */
import { pow10 } from '../core/decimal.js';
import { tradeColumns } from './record-columns.js';
import type { RunRecord } from './run-record.js';

export interface TradeStats {
  trades: number;
  wins: number;
  losses: number;
  winRate: number | null;
  /** Σ pnl (net of fees) and Σ fees. */
  pnl: number;
  fees: number;
  /** Σ winning pnl (>= 0) and Σ losing pnl (<= 0). */
  grossProfit: number;
  grossLoss: number;
  profitFactor: number | null;
  avgPnl: number | null;
  expectancy: number | null;
  payoffRatio: number | null;
  avgWin: number | null;
  avgLoss: number | null;
  best: number | null;
  worst: number | null;
  avgDurationSec: number | null;
  maxDurationSec: number | null;
  maxWinStreak: number;
  maxLossStreak: number;
}

export interface SymbolTradeStats extends TradeStats {
  instrumentId: number;
  symbol: string;
}

export interface StrategyTradeStats extends TradeStats {
  strategyIndex: number;
  strategy: string;
}

export interface TradeBreakdowns {
  all: TradeStats;
  long: TradeStats;
  short: TradeStats;
  /** One row per instrument of the run, in instrument order (rows without trades included). */
  bySymbol: SymbolTradeStats[];
  /** One row per strategy (and per strategy index the trades use beyond run.strategies). */
  byStrategy: StrategyTradeStats[];
}

class Accumulator {
  trades = 0;
  wins = 0;
  losses = 0;
  winSum = 0;
  lossSum = 0;
  feeSum = 0;
  best = -Infinity;
  worst = Infinity;
  durSum = 0;
  durMax = 0;
  winRun = 0;
  lossRun = 0;
  maxWinRun = 0;
  maxLossRun = 0;

  add(pnl: number, fee: number, durSec: number): void {
    this.trades++;
    this.feeSum += fee;
    if (pnl > 0) {
      this.wins++;
      this.winSum += pnl;
      this.lossRun = 0;
      if (++this.winRun > this.maxWinRun) this.maxWinRun = this.winRun;
    } else if (pnl < 0) {
      this.losses++;
      this.lossSum += pnl;
      this.winRun = 0;
      if (++this.lossRun > this.maxLossRun) this.maxLossRun = this.lossRun;
    } else {
      this.winRun = 0;
      this.lossRun = 0;
    }
    if (pnl > this.best) this.best = pnl;
    if (pnl < this.worst) this.worst = pnl;
    this.durSum += durSec;
    if (durSec > this.durMax) this.durMax = durSec;
  }

  stats(cash: number): TradeStats {
    const n = this.trades;
    const total = this.winSum + this.lossSum;
    const avgLoss = this.losses > 0 ? this.lossSum / this.losses : null;
    const avgWin = this.wins > 0 ? this.winSum / this.wins : null;
    return {
      trades: n,
      wins: this.wins,
      losses: this.losses,
      winRate: n > 0 ? this.wins / n : null,
      pnl: total / cash,
      fees: this.feeSum / cash,
      grossProfit: this.winSum / cash,
      grossLoss: this.lossSum / cash,
      profitFactor: this.losses > 0 ? this.winSum / -this.lossSum : null,
      avgPnl: n > 0 ? total / n / cash : null,
      expectancy: avgLoss !== null ? total / n / -avgLoss : null,
      payoffRatio: avgLoss !== null && avgWin !== null ? avgWin / -avgLoss : null,
      avgWin: avgWin === null ? null : avgWin / cash,
      avgLoss: avgLoss === null ? null : avgLoss / cash,
      best: n > 0 ? this.best / cash : null,
      worst: n > 0 ? this.worst / cash : null,
      avgDurationSec: n > 0 ? this.durSum / n : null,
      maxDurationSec: n > 0 ? this.durMax : null,
      maxWinStreak: this.maxWinRun,
      maxLossStreak: this.maxLossRun,
    };
  }
}

export function tradeBreakdowns(
  run: Pick<RunRecord, 'trades' | 'instruments' | 'strategies' | 'cashScale'>,
): TradeBreakdowns {
  const t = tradeColumns(run.trades);
  const cash = pow10(run.cashScale);
  const slotOfInstrument = new Map<number, number>();
  run.instruments.forEach((inst, k) => slotOfInstrument.set(inst.id, k));
  let strategyCount = run.strategies.length;
  for (let i = 0; i < t.length; i++) strategyCount = Math.max(strategyCount, t.strategyIndex[i]! + 1);

  const all = new Accumulator();
  const long = new Accumulator();
  const short = new Accumulator();
  const bySymbol = run.instruments.map(() => new Accumulator());
  const byStrategy = Array.from({ length: strategyCount }, () => new Accumulator());
  for (let i = 0; i < t.length; i++) {
    const pnl = t.pnlUnits[i]!;
    const fee = t.feeUnits[i]!;
    const dur = t.exitSec[i]! - t.entrySec[i]! + (t.exitNsec[i]! - t.entryNsec[i]!) * 1e-9;
    const slot = slotOfInstrument.get(t.instrumentId[i]!);
    if (slot === undefined)
      throw new Error(`trade ${i} refers to instrument id ${t.instrumentId[i]}, which is not in the run`);
    all.add(pnl, fee, dur);
    (t.side[i]! > 0 ? long : short).add(pnl, fee, dur);
    bySymbol[slot]!.add(pnl, fee, dur);
    byStrategy[t.strategyIndex[i]!]!.add(pnl, fee, dur);
  }
  return {
    all: all.stats(cash),
    long: long.stats(cash),
    short: short.stats(cash),
    bySymbol: run.instruments.map((inst, k) => ({
      instrumentId: inst.id,
      symbol: inst.symbol,
      ...bySymbol[k]!.stats(cash),
    })),
    byStrategy: byStrategy.map((a, k) => ({
      strategyIndex: k,
      strategy: run.strategies[k]?.id ?? `strategy${k + 1}`,
      ...a.stats(cash),
    })),
  };
}

/** Statistics of all trades (tradeBreakdowns(run).all without the breakdowns). */
export function tradeStats(run: Pick<RunRecord, 'trades' | 'cashScale'>): TradeStats {
  const t = tradeColumns(run.trades);
  const acc = new Accumulator();
  for (let i = 0; i < t.length; i++)
    acc.add(
      t.pnlUnits[i]!,
      t.feeUnits[i]!,
      t.exitSec[i]! - t.entrySec[i]! + (t.exitNsec[i]! - t.entryNsec[i]!) * 1e-9,
    );
  return acc.stats(pow10(run.cashScale));
}
