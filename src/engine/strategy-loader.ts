/**
 * Loads a strategy module from a `.ts` or `.js` path, with no build step for the user.
 *
 * TypeScript is bundled by esbuild (measured: tens of ms, against ~220 ms for tsx's loader hook) into one
 * ES module: the strategy, its relative imports and the packages it uses (resolved from its own folder)
 * are inlined; Node built-ins stay imports; `hindsight` itself is pointed at the copy of Hindsight that is
 * running, so a strategy's `Strategy`, `SMA` ... are the very classes the engine uses. The bundle is written
 * to a content-addressed file in the OS temp folder (ES modules load from URLs) and imported.
 * Compile cache: beside each bundle a small entry lists the files it was built from with their SHA-256; a
 * later load whose inputs all hash the same imports that bundle without loading esbuild (measured: 50-75
 * ms of a short `hindsight run`). Keyed by source path, this copy of Hindsight and the bundle options.
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
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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

/** A strategy bundle and the files it was built from (absolute paths). */
interface Bundled {
  code: string;
  inputs: string[];
}

async function bundle(path: string, where: string): Promise<Bundled> {
  const esbuild = await import('esbuild');
  try {
    const out = await esbuild.build({
      entryPoints: [path],
      bundle: true,
      write: false,
      metafile: true,
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
    // Metafile paths are relative to esbuild's working directory, the process's.
    const inputs = Object.keys(out.metafile.inputs).map((p) => resolve(p));
    return { code: out.outputFiles[0]!.text, inputs };
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
    const built = cachedBundle(abs) ?? (await bundleAndCache(abs, where));
    url = pathToFileURL(built.file).href;
    loaded.set(url, built.code);
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

/** Names the compiled-strategy cache entry of a source path for this copy of Hindsight and these options. */
function cacheKey(abs: string): string {
  return createHash('sha256').update(BUNDLE_LAYOUT).update(distRoot).update(abs).digest('hex').slice(0, 24);
}

/** Bumped when the bundle options change, so older cache entries are not used. */
const BUNDLE_LAYOUT = 'strategy-bundle-v1';

interface CacheEntry {
  /** The bundle file, in bundleDir. */
  file: string;
  /** Every input of the bundle with the SHA-256 of its content when it was built. */
  inputs: [path: string, sha256: string][];
}

function sha256OfFile(path: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return null;
  }
}

/**
 * The compiled strategy of an earlier run when every file it was built from still has the same content:
 * a hit skips loading esbuild and starting its service (tens of ms of a short run). Anything unreadable or
 * changed is a miss.
 */
function cachedBundle(abs: string): { file: string; code: string } | null {
  try {
    const entry = JSON.parse(readFileSync(join(bundleDir, cacheKey(abs) + '.json'), 'utf8')) as CacheEntry;
    for (const [path, sha] of entry.inputs) if (sha256OfFile(path) !== sha) return null;
    const file = join(bundleDir, entry.file);
    return { file, code: readFileSync(file, 'utf8') };
  } catch {
    return null;
  }
}

/** Bundles the strategy, writes it content-addressed and records its inputs for cachedBundle. */
async function bundleAndCache(abs: string, where: string): Promise<{ file: string; code: string }> {
  const { code, inputs } = await bundle(abs, where);
  mkdirSync(bundleDir, { recursive: true });
  const name = createHash('sha256').update(abs).update(code).digest('hex').slice(0, 24) + '.mjs';
  const file = join(bundleDir, name);
  if (!existsSync(file)) writeAtomically(file, code);
  const entry: CacheEntry = { file: name, inputs: inputs.map((p) => [p, sha256OfFile(p) ?? '']) };
  writeAtomically(join(bundleDir, cacheKey(abs) + '.json'), JSON.stringify(entry));
  return { file, code };
}

/** Concurrent runs may write the same file: each writes its own temp file and renames it into place. */
function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
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
