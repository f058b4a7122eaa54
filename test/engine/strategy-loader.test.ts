import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

  it('reuses a compiled strategy only while every file it was built from is unchanged', async () => {
    const own = mkdtempSync(join(tmpdir(), 'hindsight-loader-cache-'));
    const helper = join(own, 'factor.ts');
    const strat = join(own, 'scaled.ts');
    writeFileSync(helper, 'export const factor = 3;\n');
    writeFileSync(
      strat,
      "import { factor } from './factor.ts';\nexport default class Scaled { scale(x: number): number { return x * factor; } }\n",
    );
    const scale = async (): Promise<number> => {
      const C = await loadStrategyModule(strat);
      return (new C() as unknown as { scale(x: number): number }).scale(2);
    };
    expect(await scale()).toBe(6);
    const cacheDir = join(tmpdir(), 'hindsight-strategies');
    const entries = readdirSync(cacheDir).filter((f) => f.endsWith('.json'));
    const entry = entries
      .map((f) => join(cacheDir, f))
      .find((f) => readFileSync(f, 'utf8').includes(JSON.stringify(helper)));
    expect(entry, 'a cache entry lists the imported helper among the inputs').toBeDefined();
    const before = statSync(entry!).mtimeMs;
    expect(await scale(), 'unchanged inputs: the cached bundle').toBe(6);
    expect(statSync(entry!).mtimeMs, 'a hit does not rebuild the entry').toBe(before);
    writeFileSync(helper, 'export const factor = 5;\n');
    expect(await scale(), 'a changed import is compiled again').toBe(10);
  });
});
