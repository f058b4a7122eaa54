/**
 * Browser code of the compare page (after CLIENT_COMMON_JS): the runs' equity curves overlaid on one
 * lightweight-charts chart, one colour per run (the legend above the chart uses the same colours).
 * Sets window.hindsightReady once drawn.
 */
export const CLIENT_COMPARE_JS = String.raw`
(() => {
  'use strict';
  const D = HS.data('compare-data');
  const el = document.getElementById('chart-compare');
  const ch = HS.chart(el, D.intraday);
  for (const run of D.runs)
    ch.addSeries(HS.LWC.LineSeries, { color: run.color, lineWidth: 2, priceLineVisible: false, title: run.name })
      .setData(HS.line(run.line));
  ch.timeScale().fitContent();
  window.hindsightReady = true;
})();
`;
