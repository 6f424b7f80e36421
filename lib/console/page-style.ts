/** The console page's style sheet (served as /console.css: the CSP allows no inline style). */
export const PAGE_CSS = `
:root { font-family: system-ui, sans-serif; font-size: 14px; color: #1d2330; background: #f6f7f9; }
header { display: flex; align-items: center; gap: 1rem; padding: 0.5rem 1rem; background: #1d2330; color: #fff; }
header h1 { font-size: 1.1rem; margin: 0; }
#status { font-size: 0.85rem; padding: 0.1rem 0.5rem; border-radius: 0.5rem; background: #555; }
#status[data-state="live"] { background: #2e7d32; }
#status[data-state="reconnecting"] { background: #b26a00; }
main { display: grid; grid-template-columns: minmax(320px, 1fr) 2fr; gap: 1rem; padding: 1rem; }
section { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 0.75rem; min-width: 0; }
#system, #parked-section, #tester { grid-column: 1; }
#feed-section { grid-column: 2; grid-row: 1 / span 3; }
h2 { font-size: 1rem; margin: 0 0 0.5rem; }
#graph { max-width: 100%; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
#parked th:nth-child(1) { width: 4.5rem; }
#parked th:nth-child(4) { width: 5.5rem; }
td, th { text-align: left; padding: 0.25rem; border-bottom: 1px solid #eee; vertical-align: top; font-size: 0.85rem; overflow-wrap: anywhere; }
textarea { width: 100%; font-family: ui-monospace, monospace; font-size: 0.8rem; box-sizing: border-box; }
label { display: block; margin-bottom: 0.5rem; }
label.inline { display: inline; margin-left: 0.5rem; }
pre { white-space: pre-wrap; font-size: 0.8rem; }
.hint { color: #667; font-size: 0.85rem; }
.trace { border: 1px solid #dde1e7; border-radius: 4px; margin-bottom: 0.5rem; }
.trace h3 { font-size: 0.8rem; font-family: ui-monospace, monospace; margin: 0; padding: 0.25rem 0.5rem; background: #eef1f5; }
.trace ol { list-style: none; margin: 0; padding: 0.25rem 0.5rem; }
.entry { font-family: ui-monospace, monospace; font-size: 0.78rem; padding: 0.1rem 0; overflow-wrap: anywhere; }
.entry[data-verbose="true"] { display: none; }
#feed.verbose .entry[data-verbose="true"] { display: block; color: #667; }
.trace:not(:has(.entry:not([data-verbose="true"]))) { display: none; }
#feed.verbose .trace { display: block; }
.entry time { color: #889; margin-right: 0.5rem; }
.entry .kind { display: inline-block; min-width: 5.5rem; color: #445; }
.entry[data-outcome="retrying"] { color: #b26a00; }
.entry[data-outcome="parked"], .entry[data-outcome="failed"] { color: #c62828; }
.entry[data-outcome="delivered"] { color: #2e7d32; }
`;
