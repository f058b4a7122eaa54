/**
 * dbn_mbo_decode — decodes 5 M synthetic MBO records (generateSynthMbo, 4 instruments, written with encodeDbn
 * into an uncompressed DBN v3 buffer in memory) into typed-array columns with the bounded-memory chunked
 * reader (64 K records per chunk, column buffers reused between chunks: what the streaming data layer does).
 * Only the decode is timed; one untimed pass warms the JIT. Also reported: the whole-buffer readDbn figure,
 * which additionally pays for allocating (page-faulting) ~320 MB of fresh columns.
 */
import { encodeDbn, generateSynthMbo, iterateDbn, readDbn } from '../../dist/data/dbn/index.js';

const RECORDS = 5_000_000;
const CHUNK = 65_536;

function decodeChunked(bytes) {
  let n = 0;
  let check = 0;
  for (const c of iterateDbn(bytes, { chunkRecords: CHUNK, reuseTables: true })) {
    const t = c.tables.mbo;
    n += t.length;
    check += t.price[t.length - 1];
  }
  return [n, check];
}

export default async function run() {
  const bytes = encodeDbn({
    tables: { mbo: generateSynthMbo({ seed: 1, events: RECORDS, instruments: 4 }) },
  });
  const [warm] = decodeChunked(bytes);
  globalThis.gc?.();
  const t0 = process.hrtime.bigint();
  const [events] = decodeChunked(bytes);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (events !== warm || events < RECORDS) throw new Error(`dbn_mbo_decode: decoded ${events} records`);
  const rss = Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;
  globalThis.gc?.();
  const t1 = process.hrtime.bigint();
  const whole = readDbn(bytes).tables.mbo.length;
  const wholeSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
  return {
    name: 'dbn_mbo_decode',
    events,
    seconds,
    events_per_sec: events / seconds,
    rss_mb: rss,
    whole_read_events_per_sec: Math.round(whole / wholeSeconds),
    what: 'DBN v3 MBO (uncompressed, in memory) -> typed-array columns, chunked 64K records, reused buffers',
  };
}
