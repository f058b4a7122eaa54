import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStrategyModule } from '../../src/engine/strategy-loader.js';

const dir = mkdtempSync(join(tmpdir(), 'hindsight-loader-'));

describe('strategy loader', () => {
  it('loads a TypeScript strategy with relative TypeScript imports and the hindsight API', async () => {
    writeFileSync(join(dir, 'helper.ts'), 'export const double = (x: number): number => x * 2;\n');
    writeFileSync(
      join(dir, 'strat.ts'),
      [
        "import { Strategy, SMA } from 'hindsight';",
        "import { double } from './helper.ts';",
        'export default class Doubler extends Strategy { sma = new SMA(2); twice(x: number): number { return double(x); } }',
      ].join('\n'),
    );
    const C = await loadStrategyModule(join(dir, 'strat.ts'));
    const s = new C() as unknown as { twice(x: number): number; onBar: unknown };
    expect(s.twice(21)).toBe(42);
    expect(typeof s.onBar, 'inherits the Strategy hooks').toBe('function');
  });

  it('reports a syntax error with file, line and column under the config path', async () => {
    writeFileSync(join(dir, 'broken.ts'), 'export default class {\n  onBar( {\n}\n');
    await expect(loadStrategyModule(join(dir, 'broken.ts'), 'strategies[1].module')).rejects.toThrow(
      /^strategies\[1\]\.module: cannot compile .*broken\.ts: .*broken\.ts:\d+:\d+\)$/,
    );
  });

  it('loads a plain JavaScript strategy', async () => {
    writeFileSync(join(dir, 'plain.mjs'), 'export default class Plain { onBar() {} }\n');
    const C = await loadStrategyModule(join(dir, 'plain.mjs'));
    expect(new C()).toBeTypeOf('object');
  });
});
