/**
 * Browser code of report.html (after CLIENT_COMMON_JS): draws the time-series charts with
 * lightweight-charts (equity with an underwater pane, rolling Sharpe with a volatility pane, one
 * candlestick chart per symbol with entry/exit markers — those of the visible range, and only while at
 * most 600 are in view, else a hint to zoom in), the return histogram on a canvas, and runs the trade
 * table: click a header to sort (again to reverse), filter by symbol text, side and result, 100 rows
 * per page (only the page's rows are in the DOM). Sets window.hindsightReady once everything is set up.
 */
export const CLIENT_REPORT_JS = String.raw`
(() => {
  'use strict';
  const D = HS.data('report-data');
  const LWC = HS.LWC;

  function equityChart() {
    const el = document.getElementById('chart-equity');
    if (!el) return;
    const ch = HS.chart(el, D.intraday);
    ch.addSeries(LWC.LineSeries, { color: '#0969da', lineWidth: 2, priceLineVisible: false, title: 'equity' })
      .setData(HS.line(D.equity));
    if (D.drawdown) {
      ch.addSeries(LWC.BaselineSeries, {
        baseValue: { type: 'price', price: 0 },
        bottomLineColor: '#cf222e',
        bottomFillColor1: 'rgba(207, 34, 46, 0.08)',
        bottomFillColor2: 'rgba(207, 34, 46, 0.45)',
        topLineColor: '#cf222e',
        lineWidth: 1,
        priceLineVisible: false,
        priceFormat: HS.percentFormat(D.drawdown.v, 100),
        title: 'drawdown',
      }, 1).setData(HS.line(D.drawdown, 100));
      ch.panes()[0].setStretchFactor(2);
      ch.panes()[1].setStretchFactor(1);
    }
    ch.timeScale().fitContent();
  }

  function rollingChart() {
    const el = document.getElementById('chart-rolling');
    if (!el || !D.rolling) return;
    const ch = HS.chart(el, D.intraday);
    ch.addSeries(LWC.LineSeries, { color: '#8250df', lineWidth: 1, priceLineVisible: false, title: 'Sharpe' })
      .setData(HS.line(D.rolling.sharpe));
    ch.addSeries(LWC.LineSeries, {
      color: '#bf8700', lineWidth: 1, priceLineVisible: false, title: 'volatility', priceFormat: HS.percentFormat(D.rolling.volatility.v, 100),
    }, 1).setData(HS.line(D.rolling.volatility, 100));
    ch.panes()[0].setStretchFactor(1);
    ch.panes()[1].setStretchFactor(1);
    ch.timeScale().fitContent();
  }

  const MAX_MARKERS = 600;
  const MARKERS = [
    { position: 'belowBar', shape: 'arrowUp', color: '#1a7f37' },
    { position: 'belowBar', shape: 'circle', color: '#1a7f37' },
    { position: 'aboveBar', shape: 'arrowDown', color: '#cf222e' },
    { position: 'aboveBar', shape: 'circle', color: '#cf222e' },
  ];

  function priceCharts() {
    D.prices.forEach((p, i) => {
      const el = document.getElementById('chart-price-' + i);
      if (!el) return;
      const ch = HS.chart(el, D.intraday);
      const s = ch.addSeries(LWC.CandlestickSeries, {
        upColor: '#1a7f37', downColor: '#cf222e', wickUpColor: '#1a7f37', wickDownColor: '#cf222e', borderVisible: false,
        priceLineVisible: false,
      });
      const t = HS.times(p.t);
      s.setData(t.map((time, j) => ({ time, open: p.o[j], high: p.h[j], low: p.l[j], close: p.c[j] })));
      const mt = HS.times(p.markers.t);
      const all = mt.map((time, j) => {
        const m = MARKERS[p.markers.k[j]];
        const n = p.markers.n[j];
        return { time, position: m.position, shape: m.shape, color: m.color, text: n > 1 ? '×' + n : '' };
      });
      // Markers of the visible range only, and none while more than MAX_MARKERS are in view (a solid band
      // of arrows hides the prices): zooming in brings them back.
      const api = LWC.createSeriesMarkers(s, []);
      const hint = document.getElementById('price-hint-' + i);
      let state = '';
      const update = () => {
        const r = ch.timeScale().getVisibleRange();
        let lo = 0, hi = all.length;
        if (r) {
          while (lo < hi && all[lo].time < r.from) lo++;
          while (hi > lo && all[hi - 1].time > r.to) hi--;
        }
        const visible = hi - lo <= MAX_MARKERS ? hi - lo : 0;
        const next = lo + ':' + hi;
        if (next === state) return;
        state = next;
        api.setMarkers(visible > 0 ? all.slice(lo, hi) : []);
        el.dataset.markers = String(visible);
        if (hint) hint.textContent = hi - lo > MAX_MARKERS
          ? (hi - lo).toLocaleString('en-US') + ' entry/exit markers in view: zoom in (wheel or drag the time axis) to show them.'
          : '';
      };
      ch.timeScale().subscribeVisibleTimeRangeChange(update);
      ch.timeScale().fitContent();
      update();
    });
  }

  function histogram() {
    const canvas = document.getElementById('histogram');
    const h = D.histogram;
    if (!canvas || !h) return;
    const draw = () => {
      const dpr = window.devicePixelRatio || 1;
      const w = canvas.clientWidth;
      const ht = canvas.clientHeight;
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(ht * dpr);
      const g = canvas.getContext('2d');
      g.setTransform(dpr, 0, 0, dpr, 0, 0);
      g.fillStyle = '#ffffff';
      g.fillRect(0, 0, w, ht);
      const L = 48, R = 12, T = 10, B = 30;
      const pw = w - L - R, ph = ht - T - B;
      const max = Math.max(1, ...h.counts);
      const nb = h.counts.length;
      const bw = pw / nb;
      for (let i = 0; i < nb; i++) {
        const lo = h.min + i * h.width;
        const hi = lo + h.width;
        const bh = (h.counts[i] / max) * ph;
        // A bin holding zero (flat periods) is grey: neither a gain nor a loss.
        g.fillStyle = hi <= 0 && h.width > 0 ? '#cf222e' : lo > 0 ? '#1a7f37' : '#8c959f';
        g.fillRect(L + i * bw + 0.5, T + ph - bh, Math.max(1, bw - 1), bh);
      }
      g.strokeStyle = '#8c959f';
      g.beginPath();
      g.moveTo(L, T + ph + 0.5);
      g.lineTo(L + pw, T + ph + 0.5);
      g.moveTo(L - 0.5, T);
      g.lineTo(L - 0.5, T + ph);
      g.stroke();
      const span = h.width * nb;
      const xOf = (r) => L + (span > 0 ? ((r - h.min) / span) * pw : pw / 2);
      g.strokeStyle = '#0969da';
      g.setLineDash([4, 3]);
      g.beginPath();
      g.moveTo(xOf(h.mean), T);
      g.lineTo(xOf(h.mean), T + ph);
      g.stroke();
      g.setLineDash([]);
      g.fillStyle = '#656d76';
      g.font = '11px sans-serif';
      g.textAlign = 'left';
      g.fillText(HS.pct(h.min), L, T + ph + 18);
      g.textAlign = 'right';
      g.fillText(HS.pct(h.min + span), L + pw, T + ph + 18);
      g.fillText(String(max), L - 6, T + 10);
      g.fillText('0', L - 6, T + ph);
      g.textAlign = 'center';
      if (h.min < 0 && h.min + span > 0) g.fillText('0', xOf(0), T + ph + 18);
    };
    draw();
    window.addEventListener('resize', draw);
  }

  function tradeTable() {
    const T = D.trades;
    const table = document.getElementById('trades');
    if (!table) return;
    const n = T.sym.length;
    const et = HS.times(T.et);
    const xt = HS.times(T.xt);
    const symbol = (i) => T.symbols[T.sym[i]];
    const ret = (i) => (T.ep[i] > 0 ? T.side[i] * (T.xp[i] / T.ep[i] - 1) : NaN);
    const cols = [
      { key: 'n', label: '#', get: (i) => i, show: (i) => String(i + 1) },
      { key: 'symbol', label: 'symbol', get: symbol, show: (i) => HS.esc(symbol(i)), text: true },
      { key: 'side', label: 'side', get: (i) => T.side[i], show: (i) => (T.side[i] > 0 ? 'long' : 'short'), text: true },
      { key: 'qty', label: 'qty', get: (i) => T.qty[i], show: (i) => HS.num(T.qty[i]) },
      { key: 'entry_ts', label: 'entry', get: (i) => et[i], show: (i) => HS.iso(et[i]) },
      { key: 'entry_price', label: 'entry price', get: (i) => T.ep[i], show: (i) => HS.num(T.ep[i]) },
      { key: 'exit_ts', label: 'exit', get: (i) => xt[i], show: (i) => HS.iso(xt[i]) },
      { key: 'exit_price', label: 'exit price', get: (i) => T.xp[i], show: (i) => HS.num(T.xp[i]) },
      { key: 'pnl', label: 'pnl', get: (i) => T.pnl[i], show: (i) => HS.num(T.pnl[i], 2), tone: true },
      { key: 'fees', label: 'fees', get: (i) => T.fee[i], show: (i) => HS.num(T.fee[i], 2) },
      { key: 'return', label: 'return', get: ret, show: (i) => HS.pct(ret(i)) },
      { key: 'duration', label: 'duration', get: (i) => xt[i] - et[i], show: (i) => HS.duration(xt[i] - et[i]) },
    ];
    const PAGE = 100;
    const state = { rows: [], sort: null, dir: 1, page: 0 };
    const thead = table.tHead.rows[0];
    thead.innerHTML = cols
      .map((c) => '<th data-key="' + c.key + '" class="' + (c.text ? 'l' : '') + '" aria-sort="none">' + c.label + '</th>')
      .join('');
    const body = table.tBodies[0];
    const info = document.getElementById('trades-info');
    const filterText = document.getElementById('trade-filter');
    const filterSide = document.getElementById('trade-side');
    const filterResult = document.getElementById('trade-result');

    function render() {
      const pages = Math.max(1, Math.ceil(state.rows.length / PAGE));
      state.page = Math.min(state.page, pages - 1);
      const from = state.page * PAGE;
      const rows = state.rows.slice(from, from + PAGE);
      body.innerHTML = rows
        .map((i) => '<tr>' + cols.map((c) => {
          const cls = (c.text ? 'l' : '') + (c.tone ? (T.pnl[i] > 0 ? ' up' : T.pnl[i] < 0 ? ' down' : '') : '');
          return '<td class="' + cls + '">' + c.show(i) + '</td>';
        }).join('') + '</tr>')
        .join('');
      info.textContent = state.rows.length === 0
        ? 'no trades match'
        : 'rows ' + (from + 1) + '–' + (from + rows.length) + ' of ' + state.rows.length +
          (state.rows.length < n ? ' (filtered from ' + n + ')' : '') + ', page ' + (state.page + 1) + ' of ' + pages;
      document.getElementById('trades-prev').disabled = state.page === 0;
      document.getElementById('trades-next').disabled = state.page >= pages - 1;
    }

    function sortRows() {
      if (!state.sort) return;
      const get = state.sort.get;
      const dir = state.dir;
      const text = state.sort.text;
      state.rows.sort((a, b) => {
        const x = get(a), y = get(b);
        let c;
        if (text) c = String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
        else c = (isNaN(x) ? -Infinity : x) - (isNaN(y) ? -Infinity : y);
        return c * dir || a - b;
      });
    }

    function filter() {
      const q = filterText.value.trim().toLowerCase();
      const side = filterSide.value;
      const result = filterResult.value;
      state.rows = [];
      for (let i = 0; i < n; i++) {
        if (q && !symbol(i).toLowerCase().includes(q)) continue;
        if (side === 'long' && T.side[i] < 0) continue;
        if (side === 'short' && T.side[i] > 0) continue;
        if (result === 'win' && !(T.pnl[i] > 0)) continue;
        if (result === 'loss' && !(T.pnl[i] < 0)) continue;
        state.rows.push(i);
      }
      sortRows();
      state.page = 0;
      render();
    }

    thead.addEventListener('click', (ev) => {
      const th = ev.target.closest('th');
      if (!th) return;
      const col = cols.find((c) => c.key === th.dataset.key);
      state.dir = state.sort === col ? -state.dir : 1;
      state.sort = col;
      for (const h of thead.cells) h.setAttribute('aria-sort', 'none');
      th.setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending');
      sortRows();
      state.page = 0;
      render();
    });
    for (const el of [filterText, filterSide, filterResult]) el.addEventListener('input', filter);
    document.getElementById('trades-prev').addEventListener('click', () => { state.page--; render(); });
    document.getElementById('trades-next').addEventListener('click', () => { state.page++; render(); });
    filter();
  }

  equityChart();
  rollingChart();
  priceCharts();
  histogram();
  tradeTable();
  window.hindsightReady = true;
})();
`;
