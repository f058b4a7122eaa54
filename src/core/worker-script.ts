/**
 * Where a worker thread's script is, for the three ways Hindsight's code runs:
 * - the command's bundle (dist/bin/, scripts/bundle-cli.mjs): every entry and chunk sits in one folder, so
 *   the script is `./NAME.js` beside the calling chunk;
 * - the library's per-file build (dist/): the script is the built file `./NAME.js` beside the caller too;
 * - the TypeScript sources under test (src/): no built file is beside the caller, so the build's copy in
 *   dist/ is used — `npm run build` first (`npm test` does).
 * `here` is the caller's import.meta.url; `entry` the script's path below src/ or dist/, e.g.
 * 'analytics/equity-worker.js'.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HindsightError } from './errors.js';

export function workerScript(here: string, entry: string): URL {
  const name = entry.slice(entry.lastIndexOf('/') + 1);
  const beside = new URL(`./${name}`, here);
  if (existsSync(fileURLToPath(beside))) return beside;
  const path = fileURLToPath(here);
  const src = path.lastIndexOf('/src/');
  if (src >= 0) {
    const built = pathToFileURL(`${path.slice(0, src)}/dist/${entry}`);
    if (existsSync(fileURLToPath(built))) return built;
  }
  throw new HindsightError(`worker script ${name} not found beside ${path} (run npm run build)`, 'E_STATE');
}
