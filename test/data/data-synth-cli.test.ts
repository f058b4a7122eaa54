/** `hindsight data synth`: runDataSynth (files, names, rows) and the commander wiring (flags, UsageErrors). */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { registerDataSynth, runDataSynth } from '../../src/cli/data-synth.js';
import { readBarsCsv } from '../../src/data/csv/bars.js';
import { generateSynthBars } from '../../src/data/synth/bars.js';
import { UsageError } from '../../src/core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-cli-synth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runDataSynth', () => {
  it('writes one CSV per symbol named SYN000, SYN001 ... that reads back as generated', () => {
    const out = join(dir, 'per-symbol');
    const res = runDataSynth({ out, symbols: '3', bars: '50', freq: '1d', start: '2015-01-02', seed: '7' });
    expect(res.files).toEqual(['SYN000', 'SYN001', 'SYN002'].map((s) => join(out, `${s}.csv`)));
    expect(res.rows).toBe(150);
    expect(res.summary[0]).toBe(
      `${join(out, 'SYN000.csv')}: 50 rows, SYN000, 2015-01-02T00:00:00Z .. 2015-03-12T00:00:00Z`,
    );
    const expected = generateSynthBars({
      symbols: ['SYN000', 'SYN001', 'SYN002'],
      bars: 50,
      freq: '1d',
      start: '2015-01-02',
      seed: 7,
    });
    res.files.forEach((f, i) => {
      const back = readBarsCsv(f, { format: 'generic', symbol: `SYN00${i}`, tickSize: '0.01' });
      expect(back.tables[0]).toEqual(expected[i]);
    });
  });

  it('uses --names and writes one multi-symbol file with --single-file', () => {
    const out = join(dir, 'single');
    const res = runDataSynth({ out, names: 'AAA,BBB', bars: 20, freq: '1h', seed: 2, singleFile: 'all.csv' });
    const path = join(out, 'all.csv');
    expect(res.files).toEqual([path]);
    expect(res.rows).toBe(40);
    expect(res.summary).toEqual([
      `${path}: 40 rows, 2 symbols, 2015-01-02T14:30:00Z .. 2015-01-06T19:30:00Z`,
    ]);
    expect(readFileSync(path, 'utf8').split('\n')[0]).toBe('timestamp,symbol,open,high,low,close,volume');
    const back = readBarsCsv(path, { format: 'generic', columns: { symbol: 'symbol' } });
    expect(back.tables.map((t) => [t.symbol, t.length])).toEqual([
      ['AAA', 20],
      ['BBB', 20],
    ]);
  });

  it('validates flags with UsageErrors that name the flag and value', () => {
    const out = join(dir, 'bad');
    expect(() => runDataSynth({ out, bars: 'abc' })).toThrow(
      new UsageError('--bars must be an integer from 1 to 100000000 (got "abc")'),
    );
    expect(() => runDataSynth({ out, bars: '1.5' })).toThrow(
      '--bars must be an integer from 1 to 100000000 (got "1.5")',
    );
    expect(() => runDataSynth({ out, bars: '0' })).toThrow(UsageError);
    expect(() => runDataSynth({ out, freq: '2m' })).toThrow(
      new UsageError('--freq must be one of 1m, 5m, 15m, 1h, 1d (got "2m")'),
    );
    expect(() => runDataSynth({ out, symbols: 'x' })).toThrow(
      '--symbols must be an integer from 1 to 10000 (got "x")',
    );
    expect(() => runDataSynth({ out, symbols: '2', names: 'A,B' })).toThrow(
      'give either --symbols or --names, not both',
    );
    expect(() => runDataSynth({ out, names: 'A,,B' })).toThrow(UsageError);
    expect(() => runDataSynth({ out, names: 'A,A' })).toThrow('--names lists "A" twice');
    expect(() => runDataSynth({ out, names: '../x' })).toThrow('--names: "../x" is not a valid symbol');
    expect(() => runDataSynth({ out, start: '2015-02-30' })).toThrow(
      '--start: invalid timestamp "2015-02-30": no such date',
    );
    expect(() => runDataSynth({ out, seed: 'one' })).toThrow(UsageError);
    expect(() => runDataSynth({ out, tickSize: '0' })).toThrow(UsageError);
    expect(() => runDataSynth({})).toThrow('--out DIR is required (or --single-file FILE)');
    expect(existsSync(out), 'nothing is written when a flag is bad').toBe(false);
  });
});

describe('hindsight data synth (commander)', () => {
  const program = (): Command => {
    const data = new Command('data').exitOverride();
    registerDataSynth(data);
    return data;
  };

  it('parses the flags, writes the files and prints what it wrote', async () => {
    const out = join(dir, 'cmd');
    const writes: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      await program().parseAsync(
        [
          'synth',
          '--out',
          out,
          '--symbols',
          '2',
          '--bars',
          '5',
          '--freq',
          '1d',
          '--start',
          '2020-01-06',
          '--seed',
          '3',
        ],
        {
          from: 'user',
        },
      );
    } finally {
      spy.mockRestore();
    }
    expect(writes.join('')).toBe(
      `wrote ${join(out, 'SYN000.csv')}: 5 rows, SYN000, 2020-01-06T00:00:00Z .. 2020-01-10T00:00:00Z\n` +
        `wrote ${join(out, 'SYN001.csv')}: 5 rows, SYN001, 2020-01-06T00:00:00Z .. 2020-01-10T00:00:00Z\n` +
        '2 file(s), 10 rows\n',
    );
    expect(readFileSync(join(out, 'SYN001.csv'), 'utf8').trimEnd().split('\n').length).toBe(6);
  });

  it('a bad --freq is a UsageError', async () => {
    await expect(
      program().parseAsync(['synth', '--out', join(dir, 'x'), '--freq', 'weekly'], { from: 'user' }),
    ).rejects.toThrow(new UsageError('--freq must be one of 1m, 5m, 15m, 1h, 1d (got "weekly")'));
  });
});
