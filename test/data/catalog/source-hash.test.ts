// The parse cache remembers a source's SHA-256 with the file's identity: an unchanged file is not hashed
// again, and any write to it (even one that keeps its size and modification time) is hashed anew.
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceSha256 } from '../../../src/data/catalog/source-hash.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('sourceSha256', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-source-hash-'));
  const root = join(dir, 'cache');
  const file = join(dir, 'bars.csv');

  it('hashes a new file, then answers from its memo while the file is unchanged', () => {
    writeFileSync(file, 'a,b\n1,2\n');
    expect(sourceSha256(root, file)).toBe(sha('a,b\n1,2\n'));
    const [memo] = readdirSync(join(root, 'sources'));
    const memoPath = join(root, 'sources', memo!);
    const stored = JSON.parse(readFileSync(memoPath, 'utf8')) as { identity: string; sha256: string };
    // A memo that says otherwise is believed while the file's identity matches: proof it was used.
    writeFileSync(memoPath, JSON.stringify({ ...stored, sha256: 'f'.repeat(64) }));
    expect(sourceSha256(root, file)).toBe('f'.repeat(64));
  });

  it('hashes again after any write, even one that keeps the size and the modification time', () => {
    const before = statSync(file);
    writeFileSync(file, 'a,b\n1,3\n'); // same size
    utimesSync(file, before.atime, before.mtime); // same mtime: only ctime tells
    expect(sourceSha256(root, file)).toBe(sha('a,b\n1,3\n'));
    appendFileSync(file, '4,5\n');
    expect(sourceSha256(root, file)).toBe(sha('a,b\n1,3\n4,5\n'));
  });

  it('ignores an unreadable memo', () => {
    const [memo] = readdirSync(join(root, 'sources'));
    writeFileSync(join(root, 'sources', memo!), '{not json');
    expect(sourceSha256(root, file)).toBe(sha('a,b\n1,3\n4,5\n'));
  });
});
