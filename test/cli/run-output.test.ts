// `hindsight run` and its output folder, through the real CLI (bin/hindsight.js over the built dist/):
// output paths that cannot be written give one clear line naming the path and exit 2, and leave no
// half-written run folder (nor the staging folder); an earlier run folder survives a failed rerun; lenient
// mode writes its quarantine files into a run folder that did not exist before the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const cli = join(root, 'bin/hindsight.js');
const sma = join(root, 'examples/strategies/sma-crossover.ts');
const dir = mkdtempSync(join(tmpdir(), 'hindsight-run-output-'));

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `fileSizeKb` caps the size of any file it writes (bash `ulimit -f`, binding root too). */
function hindsight(args: string[], fileSizeKb?: number): Ran {
  const r =
    fileSizeKb === undefined
      ? spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' })
      : spawnSync(
          'bash',
          ['-c', `ulimit -f ${fileSizeKb} && exec "$0" "$@"`, process.execPath, cli, ...args],
          { encoding: 'utf8' },
        );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** 300 daily bars of one symbol, written by the CLI itself. */
function barsCsv(): string {
  const data = join(dir, 'data');
  if (!existsSync(join(data, 'SYN000.csv'))) {
    const r = hindsight(['data', 'synth', '--symbols', '1', '--bars', '300', '--seed', '3', '--out', data]);
    expect(r.status, r.stderr).toBe(0);
  }
  return join(data, 'SYN000.csv');
}

function config(name: string, dataLines: string[]): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    [
      'backtest:',
      '  log_level: silent',
      '  data:',
      ...dataLines.map((l) => `    - ${l}`),
      'strategy:',
      `  module: ${sma}`,
      '  params: { fast: 5, slow: 20, size: 10 }',
    ].join('\n') + '\n',
  );
  return path;
}

/** The failure a user should see: one `error:` line naming the folder, exit 2, no stack trace. */
function expectOutputError(r: Ran, out: string, reason: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/^error: cannot write the run folder /);
  expect(r.stderr).toContain(out);
  expect(r.stderr).toMatch(reason);
  expect(r.stderr.trimEnd().split('\n'), 'one line').toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** Names in `parent` that look like a run folder or its staging leftovers for `name`. */
function leftovers(parent: string, name: string): string[] {
  return existsSync(parent) ? readdirSync(parent).filter((f) => f.startsWith(name)) : [];
}

describe('hindsight run: output paths that cannot be written', () => {
  it('--out /dev/full (exists, not a folder)', () => {
    const r = hindsight([
      'run',
      config('devfull', [`{ type: csv, path: ${barsCsv()}, symbol: SYN000 }`]),
      '--out',
      '/dev/full',
    ]);
    expectOutputError(r, '/dev/full', /it exists and is not a folder/);
    expect(leftovers('/dev', 'full.')).toEqual([]);
  });

  it('--out under a regular file (ENOTDIR / EEXIST): names the file in the way', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const out = join(file, 'run');
    const r = hindsight([
      'run',
      config('notdir', [`{ type: csv, path: ${barsCsv()}, symbol: SYN000 }`]),
      '--out',
      out,
    ]);
    expectOutputError(r, out, new RegExp(`${file} is a file, not a folder \\((ENOTDIR|EEXIST)\\)`));
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('--out where even root may not create a folder (/proc)', () => {
    const out = '/proc/hindsight-no-such-dir/run';
    const r = hindsight([
      'run',
      config('proc', [`{ type: csv, path: ${barsCsv()}, symbol: SYN000 }`]),
      '--out',
      out,
    ]);
    expectOutputError(r, out, /\(E[A-Z]+\)$/m);
  });

  it('a write that fails half-way (file-size limit) leaves no run folder and no staging folder', () => {
    const parent = join(dir, 'efbig');
    mkdirSync(parent);
    const out = join(parent, 'run');
    // 64 KB: metrics.json and the CSVs fit, report.html (the charting library inlined) does not.
    const r = hindsight(
      [
        'run',
        config('efbig', [`{ type: csv, path: ${barsCsv()}, symbol: SYN000 }`]),
        '--out',
        out,
        '--no-cache',
      ],
      64,
    );
    expectOutputError(r, out, /file too large.*\(EFBIG\)/);
    expect(leftovers(parent, 'run'), 'nothing that looks like a run folder').toEqual([]);
  });

  it('a failed rerun keeps the earlier run folder whole; a good rerun replaces it', () => {
    const parent = join(dir, 'rerun');
    const out = join(parent, 'run');
    const cfg = config('rerun', [`{ type: csv, path: ${barsCsv()}, symbol: SYN000 }`]);
    expect(hindsight(['run', cfg, '--out', out, '-q']).status).toBe(0);
    const before = readFileSync(join(out, 'config.resolved.yaml'), 'utf8');
    expect(before).toContain('fast: 5');
    const failed = hindsight(['run', cfg, '--out', out, '--no-cache', '--set', 'strategy.params.fast=6'], 64);
    expectOutputError(failed, out, /EFBIG/);
    expect(readFileSync(join(out, 'config.resolved.yaml'), 'utf8')).toBe(before);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(leftovers(parent, 'run')).toEqual(['run']);
    expect(hindsight(['run', cfg, '--out', out, '-q', '--set', 'strategy.params.fast=6']).status).toBe(0);
    expect(readFileSync(join(out, 'config.resolved.yaml'), 'utf8')).toContain('fast: 6');
    expect(leftovers(parent, 'run')).toEqual(['run']);
  });

  it('a folder that is not a run folder is never replaced', () => {
    const out = join(dir, 'mine');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.md'), 'mine');
    const r = hindsight([
      'run',
      config('mine', [`{ type: csv, path: ${barsCsv()}, symbol: SYN000 }`]),
      '--out',
      out,
    ]);
    expectOutputError(r, out, /holds "notes.md", which is not part of a run folder/);
    expect(readdirSync(out)).toEqual(['notes.md']);
  });
});

describe('hindsight run: lenient mode into a run folder that does not exist yet', () => {
  const bad =
    'timestamp,open,high,low,close,volume\n' +
    '2020-01-02,10,11,9,10,100\n' +
    '2020-01-03,10,9,11,10,100\n' +
    '2020-01-06,10,11,9,10.5,100\n' +
    '2020-01-07,10,11,9,x,100\n' +
    '2020-01-08,10,11,9,10,7\n';
  const trades =
    'timestamp,price,size\n' +
    '2020-01-02T15:00:00Z,10.00,5\n' +
    'bad,1,1\n' +
    '2020-01-03T15:00:00Z,10.10,5\n';

  function runLenient(out: string): Ran {
    const bars = join(dir, 'l.csv');
    const ticks = join(dir, 't.csv');
    writeFileSync(bars, bad);
    writeFileSync(ticks, trades);
    const cfg = config('lenient', [
      `{ type: csv, path: ${bars}, symbol: L, mode: lenient }`,
      `{ type: trades, path: ${ticks}, symbol: T, tick_size: 0.01, mode: lenient }`,
    ]);
    return hindsight(['run', cfg, '--out', out]);
  }

  function expectQuarantined(out: string, r: Ran): void {
    expect(r.status, r.stderr).toBe(0);
    const q = join(out, 'quarantine');
    expect(readdirSync(q).sort()).toEqual(['0-l.csv.quarantine.csv', '1-t.csv.quarantine.csv']);
    const barRows = readFileSync(join(q, '0-l.csv.quarantine.csv'), 'utf8').trimEnd().split('\n');
    expect(barRows[0]).toBe('timestamp,open,high,low,close,volume,reason');
    expect(barRows.slice(1).map((l) => l.slice(0, l.indexOf(',"')))).toEqual([
      '2020-01-03,10,9,11,10,100',
      '2020-01-07,10,11,9,x,100',
    ]);
    expect(barRows[1]).toContain('high is below low');
    const tickRows = readFileSync(join(q, '1-t.csv.quarantine.csv'), 'utf8').trimEnd().split('\n');
    expect(tickRows.slice(1).map((l) => l.slice(0, l.indexOf(',"')))).toEqual(['bad,1,1']);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, unknown>;
    expect(metrics.rows_quarantined).toBe(3);
    expect(r.stdout, 'the summary names the files where they are').toContain(
      join(q, '0-l.csv.quarantine.csv'),
    );
    expect(leftovers(join(out, '..'), 'out')).toEqual(['out']);
  }

  it('creates RUN_DIR/quarantine/ with the bad rows of bar and trade CSVs; metrics count them', () => {
    const out = join(dir, 'lenient-a', 'nested', 'out');
    expectQuarantined(out, runLenient(out));
  });

  it('the parse cache (a second run of the same file) writes the quarantine file too', () => {
    const first = join(dir, 'lenient-b', 'out');
    expectQuarantined(first, runLenient(first));
    const second = join(dir, 'lenient-c', 'out');
    expectQuarantined(second, runLenient(second));
  });
});
