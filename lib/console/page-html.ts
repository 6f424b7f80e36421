/**
 * The console's one page. Everything it shows is filled in by page-script.ts through `textContent`
 * (never as markup), and the server's Content-Security-Policy lets only the console's own script and
 * style run, so nothing the system reports can become markup or code in the page.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tributary console</title>
<link rel="stylesheet" href="/console.css">
<script src="/console.js" defer></script>
</head>
<body>
<header>
  <h1>Tributary console</h1>
  <span id="status" data-state="connecting">connecting</span>
</header>
<main>
  <section id="system">
    <h2>Services</h2>
    <a href="/graph.svg" target="_blank" rel="noopener" title="Open the graph full size"><img id="graph" src="/graph.svg" alt="The service graph: each service, the events it publishes, who subscribes and who calls whom"></a>
    <p id="graph-error" hidden></p>
  </section>
  <section id="parked-section">
    <h2>Parked</h2>
    <p id="parked-empty">Nothing parked.</p>
    <table id="parked" hidden>
      <thead><tr><th>When</th><th>Queue</th><th>Why</th><th></th></tr></thead>
      <tbody></tbody>
    </table>
    <p id="redrive-result" role="status"></p>
  </section>
  <section id="tester">
    <h2>Pattern tester</h2>
    <form id="match-form">
      <label>Pattern <textarea id="match-pattern" rows="6" spellcheck="false">{ "source": ["tributary.orders"] }</textarea></label>
      <label>Event <textarea id="match-event" rows="8" spellcheck="false">{ "source": "tributary.orders", "detail-type": "order.upserted", "detail": { "id": "ord-1" } }</textarea></label>
      <button type="submit">Match</button>
    </form>
    <pre id="match-result" role="status"></pre>
  </section>
  <section id="feed-section">
    <h2>What happens, by trace</h2>
    <p class="hint">Requests, stream records, events, deliveries and function logs; one card per trace, the newest on top.
      <label class="inline"><input type="checkbox" id="verbose"> also DEBUG records, metric blobs and REPORT lines</label></p>
    <div id="feed"></div>
  </section>
</main>
</body>
</html>
`;
