// Run by `npm test` before vitest: makes sure the report tests have a headless Chromium. When none is
// found (test/support/chromium.ts) and this machine can (Debian or Ubuntu, run as root), it installs
// Debian's chromium package, saying so; otherwise it prints the exact command to run. It never fails the
// test command itself: the report tests then fail at once with the same message, and every other test runs.
import { spawnSync } from 'node:child_process';
import {
  cannotInstallReason,
  findChromium,
  installCommand,
  missingChromiumMessage,
} from '../test/support/chromium.js';

function aptGet(args: string[]): boolean {
  // Wait for another apt/dpkg run instead of failing on its lock.
  const r = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return r.status === 0;
}

const found = findChromium();
if (!found.path) {
  const why = process.env.CHROMIUM_PATH ? 'CHROMIUM_PATH is set' : cannotInstallReason();
  if (why) {
    console.error(`npm test: ${missingChromiumMessage(found)} (not installing: ${why}).`);
  } else {
    console.error(
      `npm test: no Chromium found; installing Debian's chromium for the report tests (${installCommand()}) ...`,
    );
    const ok = aptGet(['update', '-qq']) && aptGet(['install', '-y', '-qq', 'chromium']);
    const after = findChromium();
    if (ok && after.path) console.error(`npm test: installed ${after.path}`);
    else console.error(`npm test: the install failed; ${missingChromiumMessage(after)}`);
  }
}
