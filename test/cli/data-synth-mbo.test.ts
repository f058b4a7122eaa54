/** `hindsight data synth --kind mbo`: the DBN file (records, symbols, zstd), flag validation, commander wiring. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { registerDataSynth, runDataSynthKind, type DataSynthOptions } from '../../src/cli/data-synth.js';
import { UsageError } from '../../src/core/errors.js';
import { encodeDbn, readDbn } from '../../src/data/dbn/index.js';
import { generateSynthMbo } from '../../src/data/dbn/synth-mbo.js';
import { deriveMbp10 } from '../../src/book/derive-mbp10.js';
import { synthMboMetadata, writeSynthMboDbn } from '../../src/data/dbn/synth-mbo-write.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-cli-synth-mbo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runDataSynthKind --kind mbp10', () => {
  it('writes the MBP-10 records derived from the same flow --kind mbo writes, with its symbols', async () => {
    const out = join(dir, 'flow.mbp10.dbn.zst');
    const res = await runDataSynthKind({
      kind: 'mbp10',
      out,
      events: '4000',
      symbols: 'ESH4,NQH4',
      seed: '4',
    });
    const back = readDbn(out);
    const mbp = deriveMbp10(generateSynthMbo({ seed: 4, events: 4000, instruments: 2 }));
    expect(res.rows).toBe(mbp.length);
    expect(back.metadata).toMatchObject({ schema: 'mbp-10', dataset: 'SYNTH', symbols: ['ESH4', 'NQH4'] });
    expect([...back.symbolMap]).toEqual([
      [1, 'ESH4'],
      [2, 'NQH4'],
    ]);
    const got = back.tables.mbp10!;
    expect(got.length).toBe(mbp.length);
    for (const col of ['price', 'size', 'action', 'side', 'flags', 'bidPx', 'askSz', 'instrumentId'] as const)
      expect(Array.from(got[col]), col).toEqual(Array.from(mbp[col].subarray(0, got[col].length)));
    expect(res.summary[0]).toMatch(/flow\.mbp10\.dbn\.zst: \d+ MBP-10 records, ESH4 \(id 1, tick 0\.01\)/);
    await expect(runDataSynthKind({ kind: 'mbp10', out, events: '60000000' })).rejects.toThrow(
      new UsageError('--events must be an integer from 1 to 50000000 (got "60000000")'),
    );
    await expect(runDataSynthKind({ kind: 'mbp10', out, bars: '5' })).rejects.toThrow(
      /--bars does not apply to --kind mbp10/,
    );
  });
});

describe('runDataSynthKind --kind mbo', () => {
  it('writes one DBN file with the generated records and a symbol per instrument', async () => {
    const out = join(dir, 'flow.dbn');
    const res = await runDataSynthKind({ kind: 'mbo', out, events: '5000', symbols: 'ESH4,NQH4', seed: '4' });
    expect(res.files).toEqual([out]);
    const back = readDbn(out);
    const mbo = generateSynthMbo({ seed: 4, events: 5000, instruments: 2 });
    expect(res.rows).toBe(mbo.length);
    expect(Buffer.from(encodeDbn({ tables: { mbo } })).subarray(-56 * mbo.length)).toEqual(
      readFileSync(out).subarray(-56 * mbo.length),
    );
    expect([...back.symbolMap]).toEqual([
      [1, 'ESH4'],
      [2, 'NQH4'],
    ]);
    expect(back.metadata).toMatchObject({ schema: 'mbo', dataset: 'SYNTH', symbols: ['ESH4', 'NQH4'] });
    const last = mbo.length - 1;
    expect(back.metadata!.end).toEqual({ sec: mbo.tsEventSec[last], nsec: mbo.tsEventNsec[last]! + 1 });
    expect(res.summary[0]).toMatch(
      /flow\.dbn: \d+ MBO records, ESH4 \(id 1, tick 0\.01\), NQH4 \(id 2, tick 0\.25\), 2024-01-02T14:30:00Z \.\. 2024-01-02T14:30:00\.\d+Z$/,
    );
  });

  it('is byte for byte writeDbn of one generated table, chunked or not; .zst compresses the same bytes', async () => {
    const o = { seed: 8, events: 12_000, instruments: 3, depth: 12 };
    const plain = join(dir, 'chunked.dbn');
    const zst = join(dir, 'chunked.dbn.zst');
    const r = await writeSynthMboDbn(plain, o, { chunkRecords: 1000 });
    await writeSynthMboDbn(zst, o, { chunkRecords: 2500, zstd: true });
    const mbo = generateSynthMbo(o);
    const end = { sec: r.last.sec, nsec: r.last.nsec + 1 };
    const metadata = synthMboMetadata(['SYN000', 'SYN001', 'SYN002'], [1, 2, 3], 'SYNTH', r.start, end);
    expect(readFileSync(plain).equals(Buffer.from(encodeDbn({ metadata, tables: { mbo } })))).toBe(true);
    expect(readFileSync(zst).length).toBeLessThan(readFileSync(plain).length / 2);
    const a = readDbn(plain);
    const b = readDbn(zst);
    expect(b.metadata).toEqual(a.metadata);
    expect(Array.from(b.tables.mbo!.price)).toEqual(Array.from(a.tables.mbo!.price));
  });

  it('validates every flag with a UsageError naming it, and writes nothing then', async () => {
    const out = join(dir, 'bad', 'x.dbn');
    const bad = async (o: DataSynthOptions, msg: string): Promise<void> => {
      await expect(runDataSynthKind({ kind: 'mbo', out, ...o })).rejects.toThrow(new UsageError(msg));
    };
    await bad({ out: undefined }, '--out FILE.dbn (or FILE.dbn.zst) is required with --kind mbo');
    await bad({ out: 'x.csv' }, '--out must name a .dbn or .dbn.zst file with --kind mbo (got "x.csv")');
    await bad({ events: '0' }, '--events must be an integer from 1 to 2147483648 (got "0")');
    await bad({ events: '1e6' }, '--events must be an integer from 1 to 2147483648 (got "1e6")');
    await bad({ instruments: '0' }, '--instruments must be an integer from 1 to 1000 (got "0")');
    await bad(
      { symbols: '3' },
      '--symbols takes symbol names with --kind mbo, e.g. ESH4,NQH4 (for a count use --instruments)',
    );
    await bad({ symbols: 'A,,B' }, '--symbols must be a comma-separated list of symbols (got "A,,B")');
    await bad({ symbols: 'A,A' }, '--symbols lists "A" twice');
    await bad(
      { symbols: 'A,B', instruments: '3' },
      '--instruments 3 does not match the 2 names of --symbols',
    );
    await bad({ symbols: 'A', names: 'B' }, 'give either --symbols or --names, not both');
    await bad({ depth: '1' }, '--depth must be an integer from 2 to 200 (got "1")');
    await bad({ signal: '1.5' }, '--signal must be a number from 0 to 1 (got "1.5")');
    await bad({ signal: 'x' }, '--signal must be a number from 0 to 1 (got "x")');
    await bad({ seed: 'one' }, '--seed must be an integer from -2147483648 to 4294967295 (got "one")');
    await bad({ start: '2024-02-30' }, '--start: invalid timestamp "2024-02-30": no such date');
    await bad({ bars: '10' }, '--bars does not apply to --kind mbo');
    await bad({ singleFile: 'a.csv' }, '--single-file does not apply to --kind mbo');
    await expect(runDataSynthKind({ out: dir, events: '10' })).rejects.toThrow(
      new UsageError('--events does not apply to --kind bars'),
    );
    await expect(runDataSynthKind({ kind: 'ticks', out })).rejects.toThrow(
      new UsageError('--kind must be one of bars, mbo, mbp10 (got "ticks")'),
    );
    await expect(runDataSynthKind({ kind: 'mbp10', out: join(dir, 'bad', 'x.csv') })).rejects.toThrow(
      new UsageError(
        '--out must name a .dbn or .dbn.zst file with --kind mbp10 (got "' + join(dir, 'bad', 'x.csv') + '")',
      ),
    );
    expect(existsSync(join(dir, 'bad')), 'nothing is written when a flag is bad').toBe(false);
  });

  it('--names works as --symbols, and --instruments alone names SYN000 ...', async () => {
    const a = await runDataSynthKind({ kind: 'mbo', out: join(dir, 'n.dbn'), events: 10, names: 'X1' });
    expect([...readDbn(a.files[0]!).symbolMap]).toEqual([[1, 'X1']]);
    const b = await runDataSynthKind({
      kind: 'mbo',
      out: join(dir, 'i.dbn.zst'),
      events: 10,
      instruments: 3,
    });
    expect(readDbn(b.files[0]!).metadata!.symbols).toEqual(['SYN000', 'SYN001', 'SYN002']);
  });
});

describe('hindsight data synth --kind mbo (commander)', () => {
  it('parses the flags, writes the file and prints what it wrote', async () => {
    const data = new Command('data').exitOverride();
    registerDataSynth(data);
    const out = join(dir, 'cmd', 'es.dbn.zst');
    const writes: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      const argv = [
        'synth',
        '--kind',
        'mbo',
        '--out',
        out,
        '--events',
        '2000',
        '--symbols',
        'ES',
        '--seed',
        '2',
      ];
      await data.parseAsync([...argv, '--depth', '10', '--signal', '0.5'], { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    const records = readDbn(out).tables.mbo!.length;
    expect(records).toBe(generateSynthMbo({ seed: 2, events: 2000, depth: 10, signal: 0.5 }).length);
    expect(writes.join('')).toMatch(
      new RegExp(
        `^wrote ${out.replaceAll('.', '\\.')}: ${records} MBO records, ES \\(id 1, tick 0\\.01\\), .*\\n1 file\\(s\\), ${records} records\\n$`,
      ),
    );
  });
});
