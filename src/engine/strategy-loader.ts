/**
 * Loads a strategy module from a `.ts` or `.js` path, with no build step for the user.
 *
 * TypeScript is bundled by esbuild (measured: tens of ms, against ~220 ms for tsx's loader hook) into one
 * ES module: the strategy, its relative imports and the packages it uses (resolved from its own folder)
 * are inlined; Node built-ins stay imports; `hindsight` itself is pointed at the copy of Hindsight that is
 * running, so a strategy's `Strategy`, `SMA` ... are the very classes the engine uses. The bundle is written
 * to a content-addressed file in the OS temp folder (ES modules load from URLs) and imported.
 * Limits: packages with native addons cannot be inlined; use a `.js` strategy file to import those.
 *
 * The default export (or a named export `strategy`) must be the strategy class.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '../core/errors.js';
import type { StrategyLike } from '../strategy/strategy.js';

const here = fileURLToPath(import.meta.url);
// Compiled: dist/engine/strategy-loader.js -> dist/. From sources (tests): the built dist/ copy.
const distRoot = here.endsWith('.ts') ? resolve(dirname(here), '../../dist') : resolve(dirname(here), '..');
/** Entry points of the running copy: `hindsight` and `hindsight/formats`. */
const selfEntries: Record<string, string> = {
  hindsight: pathToFileURL(resolve(distRoot, 'index.js')).href,
  'hindsight/formats': pathToFileURL(resolve(distRoot, 'formats.js')).href,
};

async function bundle(path: string, where: string): Promise<string> {
  const esbuild = await import('esbuild');
  try {
    const out = await esbuild.build({
      entryPoints: [path],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      logLevel: 'silent',
      // CommonJS packages bundled into an ES module still call require() for Node built-ins.
      banner: {
        js: "import { createRequire as __hsCreateRequire } from 'node:module'; const require = __hsCreateRequire(import.meta.url);",
      },
      plugins: [
        {
          name: 'hindsight-self',
          setup(build) {
            build.onResolve({ filter: /^hindsight(\/formats)?$/ }, (args) => ({
              path: selfEntries[args.path]!,
              external: true,
            }));
          },
        },
      ],
    });
    return out.outputFiles[0]!.text;
  } catch (e) {
    const errors = (
      e as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }
    ).errors;
    const first = errors?.[0];
    const at = first?.location
      ? ` (${first.location.file}:${first.location.line}:${first.location.column})`
      : '';
    throw new ConfigError(where, `cannot compile ${path}: ${first?.text ?? (e as Error).message}${at}`);
  }
}

export async function loadStrategyModule(
  path: string,
  where = 'strategy.module',
): Promise<new () => StrategyLike> {
  const abs = resolve(path);
  let url = pathToFileURL(abs).href;
  if (/\.[cm]?tsx?$/.test(abs)) {
    const code = await bundle(abs, where);
    const dir = join(tmpdir(), 'hindsight-strategies');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, createHash('sha256').update(abs).update(code).digest('hex').slice(0, 24) + '.mjs');
    if (!existsSync(file)) writeFileSync(file, code);
    url = pathToFileURL(file).href;
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(where, `cannot load ${path}: ${(e as Error).message}`);
  }
  const C = mod.default ?? mod.strategy;
  if (typeof C !== 'function')
    throw new ConfigError(where, `${path} must export a Strategy class as its default export`);
  return C as new () => StrategyLike;
}
