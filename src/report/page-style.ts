/** The pages' stylesheet (inlined: the pages load nothing). System fonts only, so no font request. */
export const PAGE_CSS = `
:root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --bg: #ffffff; --panel: #f6f8fa;
  --up: #1a7f37; --down: #cf222e; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Ubuntu, sans-serif;
  color: var(--fg); background: var(--bg); }
main { max-width: 1280px; margin: 0 auto; padding: 20px 24px 60px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 16px 0 4px; }
.sub { color: var(--muted); margin: 0 0 12px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px; overflow: auto; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 12px 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.card .k { color: var(--muted); font-size: 12px; }
.card .v { font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
.up { color: var(--up); } .down { color: var(--down); }
.notes { color: var(--muted); font-size: 13px; padding-left: 18px; }
.chart { position: relative; width: 100%; height: 320px; border: 1px solid var(--line); border-radius: 6px; }
.chart.tall { height: 440px; }
.caption { color: var(--muted); font-size: 12px; margin: 4px 0 0; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; font-size: 12px; margin: 6px 0; }
.legend span::before { content: ""; display: inline-block; width: 12px; height: 3px; margin-right: 5px;
  vertical-align: middle; background: var(--c); }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { background: var(--panel); font-weight: 600; }
td.l, th.l { text-align: left; }
.scroll { overflow: auto; max-width: 100%; }
table.heatmap td { min-width: 56px; text-align: center; }
table.metrics td.l { color: var(--muted); }
#trades th { cursor: pointer; user-select: none; }
#trades th[aria-sort="ascending"]::after { content: " \\25B2"; }
#trades th[aria-sort="descending"]::after { content: " \\25BC"; }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
.controls input, .controls select, .controls button { font: inherit; padding: 3px 6px; }
canvas.histogram { width: 100%; height: 260px; border: 1px solid var(--line); border-radius: 6px; display: block; }
`;
