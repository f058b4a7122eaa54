// The report tests' Chromium search: CHROMIUM_PATH alone when set, else the first usual path that is an
// executable; the message names the places tried and the install command.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium, installCommand, missingChromiumMessage } from './chromium.js';

describe('findChromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-chromium-'));
  const exe = join(dir, 'chromium');
  writeFileSync(exe, '#!/bin/sh\n');
  chmodSync(exe, 0o755);
  const plain = join(dir, 'not-executable');
  writeFileSync(plain, '');
  chmodSync(plain, 0o644);

  it('takes CHROMIUM_PATH when set, and only it', () => {
    expect(findChromium({ CHROMIUM_PATH: exe }, [])).toEqual({ path: exe, tried: [exe], explicit: true });
    const bad = findChromium({ CHROMIUM_PATH: join(dir, 'missing') }, [exe]);
    expect(bad.path, 'a wrong explicit path is not replaced by a usual one').toBeNull();
  });

  it('otherwise takes the first usual path that is an executable', () => {
    const found = findChromium({}, [join(dir, 'missing'), plain, exe]);
    expect(found.path).toBe(exe);
    expect(findChromium({}, [plain]).path, 'a file without x permission does not count').toBeNull();
  });

  it('names every place tried and the install command when none is found', () => {
    const search = findChromium({}, ['/nope/a', '/nope/b']);
    const msg = missingChromiumMessage(search);
    expect(msg).toContain('no Chromium at /nope/a, /nope/b');
    expect(msg).toContain(installCommand());
    expect(installCommand(true)).toBe('apt-get update && apt-get install -y chromium');
    expect(installCommand(false)).toBe('sudo apt-get update && sudo apt-get install -y chromium');
  });
});
