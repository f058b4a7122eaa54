/**
 * Browser code shared by the report and compare pages, inlined as text after lightweight-charts'
 * standalone build (which defines window.LightweightCharts). Defines one global, `HS`: payload decoding
 * (millisecond time deltas back to seconds), the chart theme (every chart is also kept in
 * window.hindsightCharts by container id), and number/time formatting. Plain ES2020,
 * no imports: the pages must work from file:// with no network.
 */
export const CLIENT_COMMON_JS = String.raw`
const HS = (() => {
  'use strict';
  const LWC = window.LightweightCharts;
  if (!LWC) throw new Error('lightweight-charts did not load');

  /** [t0, d1, d2, ...] (seconds, millisecond resolution) -> absolute seconds. */
  function times(deltas) {
    const out = new Array(deltas.length);
    let ms = 0;
    for (let i = 0; i < deltas.length; i++) {
      ms += Math.round(deltas[i] * 1000);
      out[i] = ms / 1000;
    }
    return out;
  }

  function line(s, scale) {
    const t = times(s.t);
    const k = scale || 1;
    const out = new Array(t.length);
    for (let i = 0; i < t.length; i++) out[i] = { time: t[i], value: s.v[i] * k };
    return out;
  }

  /** Every chart by container id (window.hindsightCharts), for scripting and tests. */
  const charts = {};
  window.hindsightCharts = charts;

  function chart(el, intraday) {
    const ch = LWC.createChart(el, {
      autoSize: true,
      layout: {
        background: { type: 'solid', color: '#ffffff' },
        textColor: '#1f2328',
        fontSize: 11,
        panes: { separatorColor: '#d0d7de' },
      },
      grid: { vertLines: { color: '#eef1f4' }, horzLines: { color: '#eef1f4' } },
      rightPriceScale: { borderColor: '#d0d7de' },
      // A downsampled line has up to ~4,000 points: the default minimum spacing (0.5 px) would only let the
      // last part of it fit the width. Resizes (the page's scrollbar appearing) keep the fitted range.
      timeScale: {
        borderColor: '#d0d7de',
        timeVisible: intraday,
        secondsVisible: false,
        minBarSpacing: 0.01,
        lockVisibleTimeRangeOnResize: true,
      },
    });
    charts[el.id] = ch;
    return ch;
  }

  /** A percent axis format with enough decimals for the series' largest magnitude (values × scale). */
  function percentFormat(values, scale) {
    let max = 0;
    for (const v of values) if (isFinite(v)) max = Math.max(max, Math.abs(v * scale));
    const places = max > 0 ? Math.min(6, Math.max(1, 1 - Math.floor(Math.log10(max)))) : 1;
    return { type: 'custom', minMove: Math.pow(10, -places), formatter: (v) => v.toFixed(places) + '%' };
  }

  function iso(sec) {
    return new Date(Math.round(sec * 1000)).toISOString().replace('.000Z', 'Z').replace('T00:00:00Z', '');
  }

  function num(x, digits) {
    if (x === null || x === undefined || !isFinite(x)) return 'n/a';
    return x.toLocaleString('en-US', { maximumFractionDigits: digits === undefined ? 6 : digits });
  }

  function pct(x, digits) {
    if (x === null || x === undefined || !isFinite(x)) return 'n/a';
    return (x * 100).toFixed(digits === undefined ? 2 : digits) + '%';
  }

  function duration(sec) {
    const s = Math.max(0, Math.round(sec));
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    if (d > 0) return d + ' d ' + h + ' h';
    if (h > 0) return h + ' h ' + m + ' min';
    if (m > 0) return m + ' min ' + (s % 60) + ' s';
    return s + ' s';
  }

  function esc(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  }

  function data(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  return { LWC, times, line, chart, percentFormat, iso, num, pct, duration, esc, data };
})();
`;
