/**
 * Test helpers: real headless Chromium (found by test/support/chromium.ts, driven by playwright-core), a page
 * opened from file:// with every request and console error recorded, and a check that each chart
 * container has drawn its series (coloured, i.e. non-grey, pixels in as many pane-sized canvases as the
 * container declares panes in data-panes).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { findChromium, missingChromiumMessage } from '../support/chromium.js';

export const ARTIFACTS = resolve(__dirname, '../../test-artifacts');

/**
 * Launches headless Chromium: the one found by test/support/chromium.ts (CHROMIUM_PATH, then the usual
 * paths), or `executablePath`. Fails at once, naming the install command, when there is none.
 */
export async function launchChromium(executablePath?: string): Promise<Browser> {
  const search = executablePath ? findChromium({ CHROMIUM_PATH: executablePath }) : findChromium();
  if (!search.path) throw new Error(missingChromiumMessage(search));
  // --no-sandbox: Chromium's sandbox does not start as root, which is how CI containers run. No background
  // networking: this machine's closed network refuses those connections, noisily.
  return chromium.launch({
    executablePath: search.path,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface OpenedPage {
  page: Page;
  url: string;
  /** Every request the page made, the page itself included. */
  requests: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
}

export async function openPage(browser: Browser, file: string): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const url = pathToFileURL(file).href;
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction('window.hindsightReady === true', undefined, { timeout: 20_000 });
  // lightweight-charts draws on animation frames: give it a few.
  await page.evaluate(
    'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50))))',
  );
  return { page, url, requests, errors };
}

export interface ChartInk {
  id: string;
  kind: string;
  panes: number;
  /** Panes (stacks of pane-sized canvases) holding coloured pixels. */
  inkedPanes: number;
  /** Coloured pixels over all its canvases. */
  coloured: number;
}

/** Coloured-pixel census of every [data-chart] element (a canvas itself, or a container of canvases). */
export async function chartInk(page: Page): Promise<ChartInk[]> {
  return (await page.evaluate(`(() => {
    const coloured = (c) => {
      if (c.width === 0 || c.height === 0) return 0;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        const r = d[i], g = d[i + 1], b = d[i + 2], a = d[i + 3];
        if (a > 128 && Math.abs(r - g) + Math.abs(g - b) + Math.abs(r - b) > 60) n++;
      }
      return n;
    };
    return [...document.querySelectorAll('[data-chart]')].map((el) => {
      const canvases = el.tagName === 'CANVAS' ? [el] : [...el.querySelectorAll('canvas')];
      const box = el.getBoundingClientRect();
      // A pane is drawn on stacked canvases of one size and place; it counts once if any of them is inked.
      const panes = new Map();
      let total = 0;
      for (const c of canvases) {
        const n = coloured(c);
        total += n;
        const r = c.getBoundingClientRect();
        if (r.width < box.width * 0.5 || r.height < 40) continue;
        const key = [r.x, r.y, r.width, r.height].map(Math.round).join(',');
        panes.set(key, (panes.get(key) || 0) + n);
      }
      const inkedPanes = [...panes.values()].filter((n) => n > 50).length;
      return { id: el.id, kind: el.dataset.chart, panes: Number(el.dataset.panes || 1), inkedPanes, coloured: total };
    });
  })()`)) as ChartInk[];
}

export interface ChartRange {
  id: string;
  /** Visible logical range and the longest series' point count. */
  from: number;
  to: number;
  points: number;
}

/** What each lightweight chart (window.hindsightCharts) shows of its data. */
export async function chartRanges(page: Page): Promise<ChartRange[]> {
  return (await page.evaluate(`Object.entries(window.hindsightCharts).map(([id, ch]) => {
    const r = ch.timeScale().getVisibleLogicalRange();
    const points = Math.max(...ch.panes().flatMap((p) => p.getSeries()).map((s) => s.data().length));
    return { id, from: r.from, to: r.to, points };
  })`)) as ChartRange[];
}

/** Every chart opens zoomed out to all its points (none left out of view). */
export function expectFullyVisible(ranges: ChartRange[]): void {
  for (const r of ranges) {
    expect(r.from <= 0.5, `${r.id}: first of ${r.points} points in view (from ${r.from})`).toBe(true);
    expect(r.to >= r.points - 1.5, `${r.id}: last of ${r.points} points in view (to ${r.to})`).toBe(true);
  }
}

/** Writes a full-page screenshot to test-artifacts/NAME.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
