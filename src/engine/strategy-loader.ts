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
 *
 * Errors: when a strategy throws, `strategyErrorLocation` names the throwing line of the user's own file.
 * esbuild emits an inline source map (source paths relative to the bundle's folder, as Node's own
 * --enable-source-maps expects); loading only notes which bundle came from where, and the map is parsed
 * only once an error is being reported, so a run that does not fail pays nothing for it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '../core/errors.js';
import type { StrategyLike } from '../strategy/strategy.js';

/** True inside the command's bundle (scripts/bundle-cli.mjs defines it); undeclared elsewhere. */
declare const __HINDSIGHT_BUNDLE__: boolean | undefined;

const here = fileURLToPath(import.meta.url);
// The bundle: its chunks and entries share dist/bin/. Compiled: dist/engine/strategy-loader.js -> dist/.
// From sources (tests): the built dist/ copy.
const distRoot =
  typeof __HINDSIGHT_BUNDLE__ !== 'undefined'
    ? dirname(here)
    : here.endsWith('.ts')
      ? resolve(dirname(here), '../../dist')
      : resolve(dirname(here), '..');
/** Entry points of the running copy: `hindsight` and `hindsight/formats`. */
const selfEntries: Record<string, string> = {
  hindsight: pathToFileURL(resolve(distRoot, 'index.js')).href,
  'hindsight/formats': pathToFileURL(resolve(distRoot, 'formats.js')).href,
};

/** Where bundled strategies are written (one file per source path and content). */
const bundleDir = join(tmpdir(), 'hindsight-strategies');

/** Loaded strategy files by URL: a bundle's code (with its source map), or null for a plain `.js` file. */
const loaded = new Map<string, string | null>();

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
      // Only to make the source map's paths relative to the folder the bundle is written to.
      outdir: bundleDir,
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
    mkdirSync(bundleDir, { recursive: true });
    const file = join(
      bundleDir,
      createHash('sha256').update(abs).update(code).digest('hex').slice(0, 24) + '.mjs',
    );
    if (!existsSync(file)) writeFileSync(file, code);
    url = pathToFileURL(file).href;
    loaded.set(url, code);
  }
  // The source itself too: frames name it when Node maps stacks already (--enable-source-maps).
  loaded.set(pathToFileURL(abs).href, null);
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

/** A stack frame's `(file):line:column` at the end of the line; file is a path or a file: URL. */
const FRAME = /\(?((?:file:\/\/|\/)[^()\s]*?):(\d+):(\d+)\)?$/;

/**
 * Where `err` was thrown in a loaded strategy's own source: `path:line:column` (1-based) of the first stack
 * frame in a strategy file, mapped through its bundle's source map; a frame in a package the bundle
 * inlined counts only when no frame of the user's own files is found. Null when no frame is in a
 * strategy (a throw from a library-built strategy, a thrown non-Error).
 */
export function strategyErrorLocation(err: unknown): string | null {
  const stack = err instanceof Error ? err.stack : undefined;
  if (!stack) return null;
  let inPackage: string | null = null;
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    const url = m[1]!.startsWith('/') ? pathToFileURL(m[1]!).href : m[1]!;
    const code = loaded.get(url);
    if (code === undefined) continue;
    const at =
      code === null
        ? `${fileURLToPath(url)}:${m[2]}:${m[3]}`
        : mapThroughSourceMap(url, code, Number(m[2]), Number(m[3]));
    if (at === null) continue;
    if (!at.includes(`${sep}node_modules${sep}`)) return at;
    inPackage ??= at;
  }
  return inPackage;
}

/** 1-based line and column of a bundle as `source:line:column` of the original file, or null. */
function mapThroughSourceMap(url: string, code: string, line: number, column: number): string | null {
  const inline = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(code);
  if (!inline) return null;
  const map = new SourceMap(
    JSON.parse(Buffer.from(inline[1]!, 'base64').toString('utf8')) as SourceMapPayload,
  );
  const entry = map.findEntry(line - 1, column - 1);
  if (!('originalSource' in entry)) return null;
  const source = resolve(dirname(fileURLToPath(url)), entry.originalSource);
  return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
}
