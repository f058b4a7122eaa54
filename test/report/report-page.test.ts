import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReportCommand } from '../../src/cli/report-command.js';
import { buildReport } from '../../src/report/page.js';
import { writeRunReport } from '../../src/report/record-input.js';
import {
  chartInk,
  chartRanges,
  expectFullyVisible,
  launchChromium,
  openPage,
  screenshot,
} from './browser.js';
import { largeInput, makeRun, type FixtureRun } from './fixture.js';

let browser: Browser;
let dir: string;
let run: FixtureRun;

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'hindsight-report-'));
  run = await makeRun(dir);
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface TradeRow {
  symbol: string;
  side: string;
  pnl: number;
}

function tradesCsv(runDir: string): TradeRow[] {
  const [head, ...lines] = readFileSync(join(runDir, 'trades.csv'), 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => {
    const f = l.split(',');
    return {
      symbol: f[cols.indexOf('symbol')]!,
      side: f[cols.indexOf('side')]!,
      pnl: Number(f[cols.indexOf('pnl')]),
    };
  });
}

/** The visible trade table: one object per row, keyed by column data-key, cell text as shown. */
async function visibleRows(page: Page): Promise<Record<string, string>[]> {
  return (await page.evaluate(`(() => {
    const keys = [...document.querySelectorAll('#trades thead th')].map((th) => th.dataset.key);
    return [...document.querySelectorAll('#trades tbody tr')].map((tr) =>
      Object.fromEntries([...tr.cells].map((td, i) => [keys[i], td.textContent])));
  })()`)) as Record<string, string>[];
}

const money = (text: string): number => Number(text.replace(/,/g, ''));

function payloadOf(html: string): unknown {
  const m = /<script id="report-data" type="application\/json">(.*?)<\/script>/s.exec(html);
  if (!m) throw new Error('no report-data script in the page');
  return JSON.parse(m[1]!);
}

describe('report.html in headless Chromium', () => {
  it('loads offline with no console errors, draws every chart, shows every metric, the config and the fingerprint', async () => {
    const res = await runReportCommand(run.runDir);
    expect(res.pricesNote, 'prices re-loaded from the CSVs named in config.resolved.yaml').toBeNull();
    const { page, url, requests, errors } = await openPage(browser, res.path);
    expect(errors, 'no console errors or uncaught exceptions').toEqual([]);
    expect(requests, 'no request besides the file:// page itself').toEqual([url]);

    const ink = await chartInk(page);
    expect(ink.map((c) => c.kind).sort(), 'equity, rolling, one price chart per symbol, histogram').toEqual([
      'equity',
      'histogram',
      'price',
      'price',
      'rolling',
    ]);
    for (const c of ink)
      expect(
        c.inkedPanes,
        `chart ${c.id} (${c.kind}) drew its series in each of its ${c.panes} pane(s)`,
      ).toBe(c.panes);

    const metrics = JSON.parse(readFileSync(join(run.runDir, 'metrics.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const shownKeys = await page.$$eval('#metrics tr td:first-child', (tds) =>
      tds.map((td) => td.textContent),
    );
    expect(shownKeys, 'the metrics table lists every metrics.json key in file order').toEqual(
      Object.keys(metrics),
    );
    expect(await page.textContent('#fingerprint'), 'the run fingerprint is shown').toBe(metrics.fingerprint);
    expect(await page.textContent('#config'), 'the resolved config is shown verbatim').toBe(
      readFileSync(join(run.runDir, 'config.resolved.yaml'), 'utf8'),
    );
    const years = await page.$$eval('#heatmap tbody th', (ths) => ths.map((th) => th.textContent));
    const first = Number(String(metrics.start).slice(0, 4));
    const last = Number(String(metrics.end).slice(0, 4));
    expect(years, 'one heatmap row per calendar year of the run').toEqual(
      Array.from({ length: last - first + 1 }, (_, i) => String(first + i)),
    );
    const markers = (payloadOf(readFileSync(res.path, 'utf8')) as { prices: { markers: { n: number[] } }[] })
      .prices;
    const markedFills = markers.reduce((s, p) => s + p.markers.n.reduce((a, b) => a + b, 0), 0);
    expect(
      markedFills,
      'every fill is an entry or exit marker (reversals count as both)',
    ).toBeGreaterThanOrEqual(run.result.record.fills.length);
    const shownMarkers = await page.$$eval('[data-chart="price"]', (els) =>
      els.map((e) => Number((e as any).dataset.markers)),
    );
    expect(
      shownMarkers.every((n) => n > 0),
      'entry/exit markers are drawn on every price chart',
    ).toBe(true);
    await screenshot(page, 'report');
    await page.close();
  });

  it('sorts the trade table by a clicked header and filters it by symbol, side and result', async () => {
    const res = await runReportCommand(run.runDir);
    const { page, errors } = await openPage(browser, res.path);
    const all = tradesCsv(run.runDir);
    expect(all.length, 'the fixture has more than one page of trades').toBeGreaterThan(100);
    expect(await page.textContent('#trades-info')).toBe(
      `rows 1–100 of ${all.length}, page 1 of ${Math.ceil(all.length / 100)}`,
    );

    await page.click('#trades th[data-key="pnl"]');
    let rows = await visibleRows(page);
    const sorted = all.map((t) => t.pnl).sort((a, b) => a - b);
    expect(
      rows.map((r) => money(r.pnl!)),
      'one click: the first page holds the 100 smallest pnl, ascending',
    ).toEqual(sorted.slice(0, 100));
    expect(await page.getAttribute('#trades th[data-key="pnl"]', 'aria-sort')).toBe('ascending');
    await page.click('#trades th[data-key="pnl"]');
    rows = await visibleRows(page);
    expect(
      rows.map((r) => money(r.pnl!)),
      'second click: descending',
    ).toEqual(sorted.slice().reverse().slice(0, 100));
    expect(await page.getAttribute('#trades th[data-key="pnl"]', 'aria-sort')).toBe('descending');

    await page.click('#trades th[data-key="symbol"]');
    rows = await visibleRows(page);
    expect(rows[0]!.symbol, 'text columns sort alphabetically').toBe('AAA');

    await page.fill('#trade-filter', 'bbb');
    rows = await visibleRows(page);
    const bbb = all.filter((t) => t.symbol === 'BBB');
    expect(new Set(rows.map((r) => r.symbol)), 'symbol filter (case-insensitive)').toEqual(new Set(['BBB']));
    expect(await page.textContent('#trades-info')).toContain(
      `of ${bbb.length} (filtered from ${all.length})`,
    );

    await page.selectOption('#trade-side', 'short');
    await page.selectOption('#trade-result', 'loss');
    rows = await visibleRows(page);
    const expected = bbb.filter((t) => t.side === 'short' && t.pnl < 0);
    expect(rows.length, 'BBB short losers').toBe(Math.min(100, expected.length));
    for (const r of rows) {
      expect(r.side).toBe('short');
      expect(money(r.pnl!)).toBeLessThan(0);
    }

    await page.fill('#trade-filter', '');
    await page.selectOption('#trade-side', 'all');
    await page.selectOption('#trade-result', 'all');
    await page.click('#trades-next');
    expect(await page.textContent('#trades-info'), 'next page').toMatch(/^rows 101–200 of /);
    expect(errors, 'no console errors while interacting').toEqual([]);
    await page.close();
  });

  it('without its price data still loads, omits the price charts and says why', async () => {
    const moved = run.dataDir + '-gone';
    renameSync(run.dataDir, moved);
    try {
      const out = join(dir, 'no-prices.html');
      const res = await runReportCommand(run.runDir, { out });
      expect(res.pricesNote, 'the missing file is named').toMatch(
        /backtest\.data\[0\]\.path: file not found: .*AAA\.csv/,
      );
      const { page, requests, url, errors } = await openPage(browser, out);
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      expect(await page.textContent('#prices-note')).toMatch(
        /^Price charts are omitted: the run's data could not be re-loaded/,
      );
      const ink = await chartInk(page);
      expect(ink.map((c) => c.kind).sort()).toEqual(['equity', 'histogram', 'rolling']);
      for (const c of ink) expect(c.inkedPanes, `chart ${c.id} drew`).toBe(c.panes);
      await page.close();
    } finally {
      renameSync(moved, run.dataDir);
    }
  });

  it('writes the same payload in-process (writeRunReport) as rebuilt from the run folder', async () => {
    const fromRun = writeRunReport(join(dir, 'run'), run.result.record, run.result.metrics, run.tables);
    const inProcess = readFileSync(fromRun, 'utf8');
    const rebuilt = await runReportCommand(run.runDir, { out: join(dir, 'rebuilt.html') });
    expect(payloadOf(inProcess), 'same series, trades and markers from memory and from the files').toEqual(
      payloadOf(readFileSync(rebuilt.path, 'utf8')),
    );
    expect(inProcess, 'byte-identical pages').toBe(readFileSync(rebuilt.path, 'utf8'));
  });

  it('keeps a large run small and usable: 300 k samples and 60 k trades', async () => {
    const input = largeInput(300_000, 60_000);
    const html = buildReport(input);
    const bytes = Buffer.byteLength(html);
    expect(bytes, 'report size stays far under 5 MB').toBeLessThan(5 * 2 ** 20);
    const p = payloadOf(html) as {
      equity: { t: number[]; of: number };
      drawdown: { t: number[] };
      prices: { t: number[]; markers: { k: number[] } }[];
      trades: { total: number; selection: string; pnl: number[] };
    };
    expect(p.equity.of).toBe(300_000);
    expect(p.equity.t.length, 'min/max downsampling bounds the equity line').toBeLessThanOrEqual(
      2 * 2000 + 2,
    );
    expect(p.drawdown.t.length).toBeLessThanOrEqual(2 * 2000 + 2);
    expect(p.prices[0]!.t.length, 'candles per chart bounded').toBeLessThanOrEqual(2000);
    expect(p.prices[0]!.markers.k.length, 'markers merged per candle and kind').toBeLessThanOrEqual(4 * 2000);
    expect(p.trades.total).toBe(60_000);
    expect(p.trades.selection, 'over the cap: the trades of largest |pnl|').toBe('largest');
    expect(p.trades.pnl.length).toBe(40_000);
    const shownMin = Math.min(...p.trades.pnl.map(Math.abs));
    const all = Array.from(input.trades.pnl, Math.abs).sort((a, b) => b - a);
    expect(shownMin, 'no dropped trade has a larger |pnl| than a kept one').toBe(all[39_999]);

    const file = join(dir, 'large.html');
    writeFileSync(file, html);
    const { page, requests, url, errors } = await openPage(browser, file);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    for (const c of await chartInk(page)) expect(c.inkedPanes, `chart ${c.id} drew`).toBe(c.panes);
    const ranges = await chartRanges(page);
    expect(
      Math.max(...ranges.map((r) => r.points)),
      'the ~4,000-point lines are what is drawn',
    ).toBeGreaterThan(3000);
    expectFullyVisible(ranges);
    expect(await page.textContent('#trades-info')).toBe('rows 1–100 of 40000, page 1 of 400');
    expect(await page.textContent('.notes'), 'the page says the trade table is capped').toContain(
      'The trade table holds the 40,000 trades of largest |pnl| out of 60,000',
    );
    expect(
      await page.getAttribute('#chart-price-0', 'data-markers'),
      'too dense to mark at full zoom-out',
    ).toBe('0');
    expect(await page.textContent('#price-hint-0')).toMatch(/entry\/exit markers in view: zoom in/);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'report-large');
    await page.close();
  });
});
