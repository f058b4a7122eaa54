/**
 * book_l3_replay — replays 20 M synthetic MBO records (generateSynthMbo, 4 instruments; generated once,
 * untimed) into one L3Book per instrument through applyMbo, the way the engine will: route by instrument id,
 * apply, read the top of book at each F_LAST. One untimed pass warms the JIT; the books are cleared between
 * passes. book_l2_replay — MBP-10 derived with deriveMbp10 from 2 M synthetic MBO records of 4 instruments
 * (derivation untimed), replayed 5 times into one L2Book per instrument through applyMbp10 (each MBP-10
 * record carries the whole top ten, so a replay needs no reset).
 */
import { L2Book, L3Book, PriceGrid, deriveMbp10 } from '../../dist/book/index.js';
import { generateSynthMbo } from '../../dist/data/dbn/index.js';
import { result } from '../lib.js';

const L3_RECORDS = 20_000_000;
const L2_MBO_RECORDS = 2_000_000;
const L2_PASSES = 5;
const INSTRUMENTS = 4;
// One tick (0.01 in 1e-9 units) for every instrument, so one price grid serves all books.
const TICK = 10_000_000;
const FLAG_LAST = 0x80;

function replayL3(t, books) {
  let check = 0;
  const ids = t.instrumentId;
  const flags = t.flags;
  for (let i = 0; i < t.length; i++) {
    const book = books[ids[i] - 1];
    book.applyMbo(t, i);
    if ((flags[i] & FLAG_LAST) !== 0) {
      const b = book.bestBidTicks();
      if (b === b) check += b;
    }
  }
  return check;
}

function replayL2(t, books) {
  let check = 0;
  const ids = t.instrumentId;
  for (let i = 0; i < t.length; i++) {
    const book = books[ids[i] - 1];
    book.applyMbp10(t, i);
    const a = book.bestAskTicks();
    if (a === a) check += a;
  }
  return check;
}

function l3() {
  const t = generateSynthMbo({ seed: 1, events: L3_RECORDS, instruments: INSTRUMENTS, tickSize: TICK });
  const grid = PriceGrid.ofRaw(TICK);
  const books = Array.from({ length: INSTRUMENTS }, () => new L3Book({ grid }));
  const warm = replayL3(t, books);
  for (const b of books) b.clear();
  globalThis.gc?.();
  const t0 = performance.now();
  const check = replayL3(t, books);
  const seconds = (performance.now() - t0) / 1000;
  if (check !== warm) throw new Error('book_l3_replay: the two passes disagree');
  const unknown = books.reduce((n, b) => n + b.stats.unknownCancels + b.stats.unknownModifies, 0);
  if (unknown !== 0) throw new Error(`book_l3_replay: ${unknown} unknown ids in consistent synthetic data`);
  return result('book_l3_replay', t.length, seconds, {
    instruments: INSTRUMENTS,
    resting_orders: books.reduce((n, b) => n + b.orderCount(), 0),
    what: 'synthetic MBO -> one L3Book per instrument via applyMbo (top of book read at each F_LAST)',
  });
}

function l2() {
  const mbo = generateSynthMbo({ seed: 2, events: L2_MBO_RECORDS, instruments: INSTRUMENTS, tickSize: TICK });
  const grid = PriceGrid.ofRaw(TICK);
  const t = deriveMbp10(mbo, { grid });
  const books = Array.from({ length: INSTRUMENTS }, () => new L2Book({ grid }));
  const warm = replayL2(t, books);
  globalThis.gc?.();
  const t0 = performance.now();
  let check = 0;
  for (let p = 0; p < L2_PASSES; p++) check += replayL2(t, books);
  const seconds = (performance.now() - t0) / 1000;
  if (check !== warm * L2_PASSES) throw new Error('book_l2_replay: passes disagree');
  return result('book_l2_replay', t.length * L2_PASSES, seconds, {
    mbp10_records: t.length,
    passes: L2_PASSES,
    what: 'MBP-10 (derived from synthetic MBO) -> one L2Book per instrument via applyMbp10',
  });
}

export default async function run() {
  return [l3(), l2()];
}
