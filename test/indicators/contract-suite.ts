/**
 * The shared contract suite (src/indicators/contract.ts): every indicator's test file calls
 * `indicatorContract(case)` once per indicator. It checks, on seeded generated data:
 * streaming equals the batch twin bit for bit for every output; `isReady` turns true after exactly
 * `warmup` updates and every output is NaN before and finite after; `reset()` replays identically;
 * NaN and ±Infinity in each input field throw IndicatorInputError and leave the state unchanged.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { IndicatorInputError, type Indicator } from '../../src/indicators/contract.js';

/** Input columns by field name (close, high, low, open, volume, or any names a case uses). */
export type Columns = Record<string, Float64Array>;

export interface ContractCase<I extends Indicator> {
  /** Label, e.g. 'EMA(10)'. */
  name: string;
  make(): I;
  /** Expected warm-up (the documented one); the suite checks `ind.warmup` equals it and behaviour matches. */
  warmup: number;
  /** Feeds row i of `cols` to the indicator (streaming form). */
  update(ind: I, cols: Columns, i: number): void;
  /** The batch twin over all rows: one array per output name. */
  batch(cols: Columns): Record<string, Float64Array>;
  /** Input fields the indicator reads (the suite poisons each one with NaN/±Infinity). */
  fields: readonly string[];
  /** Data to run on (default: `ohlcvWalk(3000, 1)`). */
  data?: Columns;
  /** Outputs that may legitimately be NaN after warm-up on the data (e.g. a ratio with a zero denominator). */
  mayBeNaN?: readonly string[];
}

/** Seeded OHLCV random walk with volatility regimes, flat stretches and exact repeats (edge cases). */
export function ohlcvWalk(rows: number, seed: number): Columns {
  const rng = new Rng(seed);
  const open = new Float64Array(rows);
  const high = new Float64Array(rows);
  const low = new Float64Array(rows);
  const close = new Float64Array(rows);
  const volume = new Float64Array(rows);
  let px = 100;
  for (let i = 0; i < rows; i++) {
    const vol = i % 500 < 250 ? 0.01 : 0.03;
    const o = px;
    const flat = i % 397 === 0;
    const c = flat ? o : Math.max(1, o * (1 + vol * rng.normal()));
    const h = flat ? o : Math.max(o, c) * (1 + vol * 0.5 * rng.next());
    const l = flat ? o : Math.min(o, c) * (1 - vol * 0.5 * rng.next());
    open[i] = o;
    high[i] = h;
    low[i] = l;
    close[i] = c;
    volume[i] = flat ? 0 : Math.round(1000 + 9000 * rng.next());
    px = c;
  }
  return { open, high, low, close, volume };
}

function outputsOf(ind: Indicator): Record<string, number> {
  const r: Record<string, number> = {};
  for (const name of ind.outputs) r[name] = (ind as unknown as Record<string, number>)[name]!;
  return r;
}

function same(a: number, b: number): boolean {
  return Object.is(a, b) || (a === 0 && b === 0);
}

export function indicatorContract<I extends Indicator>(c: ContractCase<I>): void {
  const cols = c.data ?? ohlcvWalk(3000, 1);
  const rows = cols[c.fields[0]!]!.length;

  describe(`${c.name} keeps the indicator contract`, () => {
    it('declares its warm-up and outputs', () => {
      const ind = c.make();
      expect(ind.warmup, 'warmup property equals the documented warm-up').toBe(c.warmup);
      expect(ind.outputs.length, 'at least one output').toBeGreaterThan(0);
      expect(ind.value, 'value is NaN before any update').toBeNaN();
      expect(ind.isReady, 'not ready before any update').toBe(false);
    });

    it('streaming equals the batch twin bit for bit, every output, every row', () => {
      const ind = c.make();
      const batch = c.batch(cols);
      for (const name of ind.outputs)
        expect(batch[name]?.length, `batch output "${name}" has one value per row`).toBe(rows);
      for (let i = 0; i < rows; i++) {
        c.update(ind, cols, i);
        const got = outputsOf(ind);
        for (const name of ind.outputs)
          if (!same(got[name]!, batch[name]![i]!))
            expect.fail(`row ${i} output "${name}": streaming ${got[name]} != batch ${batch[name]![i]}`);
      }
    });

    it('is ready after exactly `warmup` updates, NaN before, finite after', () => {
      const ind = c.make();
      const nanOk = new Set(c.mayBeNaN ?? []);
      for (let i = 0; i < rows; i++) {
        c.update(ind, cols, i);
        const ready = i + 1 >= c.warmup;
        if (ind.isReady !== ready) expect.fail(`after ${i + 1} updates isReady = ${ind.isReady}`);
        for (const [name, v] of Object.entries(outputsOf(ind))) {
          if (!ready && !Number.isNaN(v))
            expect.fail(`output "${name}" = ${v} before warm (update ${i + 1})`);
          if (ready && !Number.isFinite(v) && !nanOk.has(name))
            expect.fail(`output "${name}" = ${v} after warm (update ${i + 1})`);
        }
      }
    });

    it('reset() restores the initial state', () => {
      const ind = c.make();
      const first: number[] = [];
      const n = Math.min(rows, c.warmup * 3 + 50);
      for (let i = 0; i < n; i++) {
        c.update(ind, cols, i);
        first.push(ind.value);
      }
      ind.reset();
      expect(ind.isReady, 'not ready after reset').toBe(false);
      expect(ind.value, 'value NaN after reset').toBeNaN();
      for (let i = 0; i < n; i++) {
        c.update(ind, cols, i);
        if (!same(ind.value, first[i]!))
          expect.fail(`after reset, update ${i + 1}: ${ind.value} != ${first[i]}`);
      }
    });

    it('rejects NaN and infinite input with a clear error and keeps its state', () => {
      for (const field of c.fields)
        for (const bad of [NaN, Infinity, -Infinity]) {
          const ind = c.make();
          const k = Math.min(rows - 2, c.warmup + 5);
          for (let i = 0; i < k; i++) c.update(ind, cols, i);
          const before = outputsOf(ind);
          const poisoned: Columns = { ...cols, [field]: Float64Array.from(cols[field]!) };
          poisoned[field]![k] = bad;
          let err: unknown;
          try {
            c.update(ind, poisoned, k);
          } catch (e) {
            err = e;
          }
          expect(err, `${field} = ${bad} is rejected`).toBeInstanceOf(IndicatorInputError);
          expect((err as Error).message, 'message names the field').toContain(`"${field}"`);
          const after = outputsOf(ind);
          for (const name of ind.outputs)
            expect(
              same(after[name]!, before[name]!),
              `output "${name}" unchanged by the rejected update`,
            ).toBe(true);
          // The next good update gives what it would have without the rejected one.
          const ref = c.make();
          for (let i = 0; i <= k; i++) c.update(ref, cols, i);
          c.update(ind, cols, k);
          expect(same(ind.value, ref.value), 'state intact after a rejected update').toBe(true);
        }
    });
  });
}
