// Part of `npm run build`, after tsc: bundles the command line (dist/cli/main.js), the library entries a
// strategy imports (index.js, formats.js) and the stream worker into dist/bin/ with esbuild, code-split so
// each command and format still loads on demand. Why: an unbundled `hindsight run` resolves and compiles
// about 300 ES module files (zod and yaml alone are 167), a visible share of a short run's wall time
// (docs/architecture.md). The library itself (`import 'hindsight'`) stays the per-file tsc output in dist/.
// Inside the bundle `__HINDSIGHT_BUNDLE__` is true, so the strategy loader points a strategy's
// `import 'hindsight'` at dist/bin/index.js: the same module instances the running command uses.
import { build } from 'esbuild';

await build({
  entryPoints: {
    main: 'dist/cli/main.js',
    index: 'dist/index.js',
    formats: 'dist/formats.js',
    'worker-entry': 'dist/data/stream/worker-entry.js',
    'equity-worker': 'dist/analytics/equity-worker.js',
  },
  outdir: 'dist/bin',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  // esbuild runs a native binary of its own; playwright-core is test tooling; the zstd compressor is a
  // CommonJS package that loads its .wasm file next to itself (bundled, its named exports and path break).
  external: ['esbuild', 'playwright-core', '@bokuweb/zstd-wasm'],
  define: { __HINDSIGHT_BUNDLE__: 'true' },
  // CommonJS packages bundled into ES modules still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __hsCreateRequire } from 'node:module'; const require = __hsCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
