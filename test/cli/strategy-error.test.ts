// A strategy that throws: `hindsight run` (the real CLI) names the strategy, the hook, the event's symbol,
// the simulated time and the line of the user's own file (a .ts file mapped back through the bundle's
// source map, a helper it imports, a plain .mjs file), prints one line and exits 2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const cli = join(root, 'bin/hindsight.js');
const dir = mkdtempSync(join(tmpdir(), 'hindsight-strategy-error-'));

const strategy = [
  "import { Strategy, type BarView, type OrderUpdate } from 'hindsight';",
  "import { explode } from './helper.ts';",
  '',
  '/** Throws where `hook` says, on the `at`-th bar. */',
  'export default class Boom extends Strategy<{ hook: string; at: number }> {',
  '  private n = 0;',
  '',
  '  override onBar(bar: BarView): void {',
  '    this.n++;',
  "    if (this.params.hook === 'order' && this.n === this.params.at) this.ctx.buy(bar.symbol, 1);",
  "    if (this.params.hook === 'bar' && this.n === this.params.at) throw new Error(`boom at bar ${this.n}`);",
  "    if (this.params.hook === 'helper' && this.n === this.params.at) explode(this.n);",
  '  }',
  '',
  '  override onOrderUpdate(u: OrderUpdate): void {',
  "    if (this.params.hook === 'order') throw new Error(`boom on ${u.kind}`);",
  '  }',
  '}',
].join('\n');
const helper =
  'export function explode(n: number): never {\n  throw new RangeError(`exploded at ${n}`);\n}\n';
const plain = [
  'export default class Plain {',
  '  n = 0;',
  '  onBar() {',
  "    if (++this.n === 4) throw new TypeError('plain boom');",
  '  }',
  '}',
].join('\n');

/** `file:line:column` (1-based) of `needle` in `text`, a file at `path`. */
function placeOf(path: string, text: string, needle: string): string {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  expect(line, needle).toBeGreaterThanOrEqual(0);
  return `${path}:${line + 1}:${lines[line]!.indexOf(needle) + 1}`;
}

function setup(): { config: string; times: string[]; boom: string; helperPath: string; plainPath: string } {
  const data = join(dir, 'data');
  const synth = spawnSync(
    process.execPath,
    [cli, 'data', 'synth', '--symbols', '1', '--bars', '40', '--seed', '2', '--out', data],
    { encoding: 'utf8' },
  );
  expect(synth.status, synth.stderr).toBe(0);
  const boom = join(dir, 'boom.ts');
  const helperPath = join(dir, 'helper.ts');
  const plainPath = join(dir, 'plain.mjs');
  writeFileSync(boom, strategy);
  writeFileSync(helperPath, helper);
  writeFileSync(plainPath, plain);
  const config = join(dir, 'run.yaml');
  writeFileSync(
    config,
    [
      'backtest:',
      '  log_level: silent',
      '  data: [{ type: csv, path: data/SYN000.csv, symbol: SYN000 }]',
      'strategy:',
      '  module: ./boom.ts',
      '  params: { hook: bar, at: 7 }',
    ].join('\n') + '\n',
  );
  // The CSV's timestamps are ISO UTC at whole seconds, as the engine prints them.
  const times = readFileSync(join(data, 'SYN000.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]!);
  return { config, times, boom, helperPath, plainPath };
}

function run(config: string, sets: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(
    process.execPath,
    [cli, 'run', config, '--out', join(dir, 'out'), ...sets.flatMap((s) => ['--set', s])],
    { encoding: 'utf8' },
  );
  return { status: r.status, stderr: r.stderr };
}

describe('a strategy that throws', () => {
  const s = setup();

  it('onBar in a .ts file: symbol, simulated time and the line of the throw in the user file', () => {
    const r = run(s.config, []);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `error: strategy "boom" threw in onBar (symbol SYN000, simulated time ${s.times[6]}) at ` +
        `${placeOf(s.boom, strategy, 'new Error(`boom at bar')}: boom at bar 7\n`,
    );
  });

  it('in a helper the strategy imports: the helper line', () => {
    const r = run(s.config, ['strategy.params.hook=helper', 'strategy.params.at=3']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `error: strategy "boom" threw in onBar (symbol SYN000, simulated time ${s.times[2]}) at ` +
        `${placeOf(s.helperPath, helper, 'new RangeError')}: exploded at 3\n`,
    );
  });

  it('onOrderUpdate: the order symbol and the line', () => {
    const r = run(s.config, ['strategy.params.hook=order', 'strategy.params.at=5']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^error: strategy "boom" threw in onOrderUpdate \(symbol SYN000, simulated time \d{4}-\d\d-\d\dT[\d:]+Z\) at /,
    );
    expect(r.stderr).toContain(` at ${placeOf(s.boom, strategy, 'new Error(`boom on')}: boom on `);
  });

  it('a plain .mjs strategy: its own line, no source map needed', () => {
    const r = run(s.config, [`strategy.module=${s.plainPath}`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `error: strategy "plain" threw in onBar (symbol SYN000, simulated time ${s.times[3]}) at ` +
        `${placeOf(s.plainPath, plain, "new TypeError('plain boom')")}: plain boom\n`,
    );
  });
});
