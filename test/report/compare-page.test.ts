import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompareCommand } from '../../src/cli/compare-command.js';
import { UsageError } from '../../src/core/errors.js';
import {
  formatCompareTable,
  loadCompareRuns,
  needsNormalising,
  type CompareRun,
} from '../../src/report/compare.js';
import {
  chartInk,
  chartRanges,
  expectFullyVisible,
  launchChromium,
  openPage,
  screenshot,
} from './browser.js';
import { makeRun, type FixtureRun } from './fixture.js';

let browser: Browser;
let dir: string;
let a: FixtureRun;
let b: FixtureRun;

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'hindsight-compare-'));
  a = await makeRun(dir, { name: 'alpha', initialCash: 100_000, seed: 5 });
  b = await makeRun(dir, { name: 'beta', initialCash: 250_000, seed: 6 });
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function payloadOf(html: string): {
  runs: { name: string; color: string; line: { t: number[]; v: number[] } }[];
} {
  const m = /<script id="compare-data" type="application\/json">(.*?)<\/script>/s.exec(html);
  if (!m) throw new Error('no compare-data script in the page');
  return JSON.parse(m[1]!);
}

const curve = (values: number[]): CompareRun['equity'] => ({
  length: values.length,
  time: Float64Array.from(values, (_, i) => 1_700_000_000 + i * 86_400),
  equity: Float64Array.from(values),
});

describe('compare page in headless Chromium', () => {
  it('loads offline, overlays both equity curves (normalised: starting equities differ) and lists metrics side by side', async () => {
    const out = join(dir, 'compare.html');
    const res = runCompareCommand([a.runDir, b.runDir], { out });
    const html = readFileSync(out, 'utf8');
    const payload = payloadOf(html);
    expect(payload.runs.map((r) => r.name)).toEqual(['alpha', 'beta']);
    for (const r of payload.runs) expect(r.line.v[0], `${r.name} starts at 1 after normalising`).toBe(1);

    const { page, url, requests, errors } = await openPage(browser, out);
    expect(errors, 'no console errors').toEqual([]);
    expect(requests, 'no request besides the page itself').toEqual([url]);
    const ink = await chartInk(page);
    expect(ink.map((c) => c.kind)).toEqual(['compare']);
    expect(ink[0]!.inkedPanes, 'the overlay chart drew').toBe(1);
    expectFullyVisible(await chartRanges(page));
    const colours = payload.runs.map((r) => r.color);
    const found = (await page.evaluate(`(() => {
      const want = ${JSON.stringify(colours)}.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
      const hits = want.map(() => 0);
      for (const c of document.querySelectorAll('#chart-compare canvas')) {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < d.length; i += 4)
          want.forEach((w, k) => { if (d[i] === w[0] && d[i + 1] === w[1] && d[i + 2] === w[2]) hits[k]++; });
      }
      return hits;
    })()`)) as number[];
    for (const [k, n] of found.entries())
      expect(
        n,
        `pixels in run ${payload.runs[k]!.name}'s colour ${colours[k]}: its curve is drawn`,
      ).toBeGreaterThan(100);

    const heads = await page.$$eval('#compare-metrics thead th', (ths) => ths.map((th) => th.textContent));
    expect(heads).toEqual(['metric', 'alpha', 'beta']);
    const ma = JSON.parse(readFileSync(join(a.runDir, 'metrics.json'), 'utf8')) as Record<string, unknown>;
    const rows = await page.$$eval('#compare-metrics tbody tr', (trs) =>
      trs.map((tr) => tr.cells[0]!.textContent),
    );
    expect(rows, 'one row per metric key').toEqual(Object.keys(ma));
    expect(await page.textContent('.caption')).toContain('each curve is divided by its first sample');
    expect(res.table.split('\n')[0], 'console table header').toMatch(/^metric\s+alpha\s+beta$/);
    await screenshot(page, 'compare');
    await page.close();
  });

  it('draws curves as they are when every run starts from the same equity', () => {
    const same = [
      { name: 'x', dir: '/x', metrics: {}, equity: curve([100, 110]) },
      { name: 'y', dir: '/y', metrics: {}, equity: curve([100, 90]) },
    ];
    expect(needsNormalising(same)).toBe(false);
    expect(needsNormalising([same[0]!, { ...same[1]!, equity: curve([200, 180]) }])).toBe(true);
  });

  it('formats the console table: metric column, one right-aligned column per run, n/a and — for missing values', () => {
    const runs: CompareRun[] = [
      {
        name: 'fast',
        dir: '/f',
        metrics: {
          total_return: 0.1234,
          sharpe: 1.5,
          trades: 1200,
          fingerprint: 'abcdef0123456789abcdef0123456789',
        },
        equity: curve([1, 2]),
      },
      {
        name: 'slow',
        dir: '/s',
        metrics: { total_return: -0.05, sharpe: null, extra: 'x' },
        equity: curve([1, 2]),
      },
    ];
    expect(formatCompareTable(runs)).toBe(
      [
        'metric                            fast    slow',
        '------------  ------------------------  ------',
        'total_return                    12.34%  -5.00%',
        'sharpe                             1.5     n/a',
        'trades                           1,200       —',
        'fingerprint   abcdef0123456789abcdef0…       —',
        'extra                                —       x',
        '',
      ].join('\n'),
    );
  });

  it('fails (does not skip) with an install hint when Chromium is missing', async () => {
    await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow(
      /\/nonexistent\/chromium \(CHROMIUM_PATH\) is not an executable\. Install it with `(sudo )?apt-get update && (sudo )?apt-get install -y chromium`/,
    );
  });

  it('names clashing folders by their parent and refuses a folder that is not a run', () => {
    const other = join(dir, 'other', 'alpha');
    mkdirSync(join(dir, 'other'), { recursive: true });
    rmSync(other, { recursive: true, force: true });
    expect(() => loadCompareRuns([a.runDir, other])).toThrow(UsageError);
    expect(() => loadCompareRuns([a.runDir, other])).toThrow(
      /alpha: not a run folder \(metrics\.json is missing\)/,
    );
    expect(() => loadCompareRuns([])).toThrow('compare needs at least one run folder');
    const names = loadCompareRuns([a.runDir, a.runDir]).map((r) => r.name);
    expect(names, 'the same folder twice gets a #2').toEqual([
      `${dir.split('/').pop()}/alpha`,
      `${dir.split('/').pop()}/alpha#2`,
    ]);
  });
});
