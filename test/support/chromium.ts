/**
 * Where the report tests find a headless Chromium, and whether this machine can install one. Used by
 * scripts/ensure-chromium.ts (run by `npm test` before vitest) and by test/report/browser.ts. Only the test
 * tooling installs anything: the library itself (`import 'hindsight'`) never does.
 *
 * Order: $CHROMIUM_PATH when set (and only it: a wrong explicit path is an error, not a reason to look
 * elsewhere), then the usual install paths of Debian, Ubuntu and Chrome.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';

export const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
];

export interface ChromiumSearch {
  /** The executable found, or null. */
  path: string | null;
  /** Every place looked at, in order. */
  tried: string[];
  /** The one place given by CHROMIUM_PATH (or the caller), not the usual paths. */
  explicit: boolean;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findChromium(env: NodeJS.ProcessEnv = process.env, paths = CHROMIUM_PATHS): ChromiumSearch {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) return { path: executable(explicit) ? explicit : null, tried: [explicit], explicit: true };
  return { path: paths.find(executable) ?? null, tried: paths, explicit: false };
}

/** The command a user runs to install Chromium here (with sudo unless root). */
export function installCommand(root = process.getuid?.() === 0): string {
  const sudo = root ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y chromium`;
}

/** Debian or Ubuntu (or a derivative), from /etc/os-release. */
export function isDebianLike(osRelease = '/etc/os-release'): boolean {
  if (!existsSync(osRelease)) return false;
  const text = readFileSync(osRelease, 'utf8');
  return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(text);
}

/** Why this process cannot install Debian's chromium itself, or null when it can. */
export function cannotInstallReason(): string | null {
  if (!isDebianLike()) return 'this is not Debian or Ubuntu';
  if (process.getuid?.() !== 0) return 'installing needs root';
  if (!existsSync('/usr/bin/apt-get')) return 'apt-get is not available';
  return null;
}

/** The error the report tests fail with when no Chromium is there. */
export function missingChromiumMessage(search: ChromiumSearch): string {
  const where = search.explicit
    ? `${search.tried[0]} (CHROMIUM_PATH) is not an executable`
    : `no Chromium at ${search.tried.join(', ')}`;
  return (
    `headless Chromium is required for the report tests: ${where}. Install it with ` +
    `\`${installCommand()}\` (never \`npx playwright install\`), or set CHROMIUM_PATH to a Chromium executable`
  );
}
