/**
 * The console page's script (served as /console.js). Plain browser JavaScript, no build step: it
 * follows the feed (Server-Sent Events, resumed by the browser with `Last-Event-ID` after a
 * reconnect), groups entries by trace, lists the parked entries with a redrive action, and runs the
 * pattern tester. Every value is put in the page as text (`textContent`, `createTextNode`), never as
 * markup: what the system reports is data, whatever characters it holds.
 */
export const PAGE_SCRIPT = `'use strict';
(function () {
  var MAX_CARDS = 200;
  var UNTRACED = 'untraced';
  var feed = document.getElementById('feed');
  var cards = new Map();

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function outcomeOf(entry) {
    var e = entry.entry;
    if (typeof e.outcome === 'string') return e.outcome;
    if (entry.kind === 'request') return e.status >= 500 ? 'failed' : 'ok';
    return '';
  }

  function cardFor(trace) {
    var card = cards.get(trace);
    if (card === undefined) {
      var title = trace === UNTRACED ? 'Not part of a trace' : 'Trace ' + trace;
      var list = element('ol');
      var node = element('article', { class: 'trace', 'data-trace': trace }, [element('h3', {}, [title]), list]);
      card = { node: node, list: list };
      cards.set(trace, card);
      if (cards.size > MAX_CARDS) {
        var oldest = cards.keys().next().value;
        cards.get(oldest).node.remove();
        cards.delete(oldest);
      }
    }
    // The newest activity on top.
    feed.prepend(card.node);
    cards.delete(trace);
    cards.set(trace, card);
    return card;
  }

  function show(entry) {
    var traces = entry.traces.length > 0 ? entry.traces : [UNTRACED];
    traces.forEach(function (trace) {
      var row = element('li', {
        class: 'entry',
        'data-kind': entry.kind,
        'data-seq': String(entry.seq),
        'data-outcome': outcomeOf(entry),
        'data-verbose': String(entry.verbose),
      }, [
        element('time', { datetime: entry.at }, [entry.at.slice(11, 23)]),
        element('span', { class: 'kind' }, [entry.kind]),
        element('span', { class: 'text' }, [entry.text]),
      ]);
      cardFor(trace).list.append(row);
    });
  }

  var verbose = document.getElementById('verbose');
  verbose.addEventListener('change', function () { feed.classList.toggle('verbose', verbose.checked); });

  var status = document.getElementById('status');
  function setStatus(state) {
    status.dataset.state = state;
    status.textContent = state;
  }

  var source = new EventSource('/api/feed');
  source.addEventListener('open', function () { setStatus('live'); });
  source.addEventListener('error', function () { setStatus('reconnecting'); });
  source.addEventListener('entry', function (message) {
    var entry = JSON.parse(message.data);
    show(entry);
    if (entry.kind === 'delivery' || entry.kind === 'stream' || entry.kind === 'redrive') refreshParked();
  });

  function postJson(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().then(function (json) { return { status: response.status, body: json }; });
      });
  }

  function errorText(body) {
    return body && Array.isArray(body.messages) ? body.messages.join('\\n') : 'the console did not answer';
  }

  var parkedTable = document.getElementById('parked');
  var parkedEmpty = document.getElementById('parked-empty');
  var redriveResult = document.getElementById('redrive-result');
  var refreshing = false;
  var refreshAgain = false;

  function refreshParked() {
    if (refreshing) { refreshAgain = true; return; }
    refreshing = true;
    fetch('/api/parked').then(function (response) { return response.json(); }).then(function (list) {
      var body = parkedTable.tBodies[0];
      body.replaceChildren();
      list.forEach(function (parked) {
        var button = element('button', { type: 'button', 'data-redrive': parked.id }, ['Redrive']);
        if (!parked.redrivable) {
          button.disabled = true;
          button.title = parked.howToRecover || 'not redrivable from here';
        }
        button.addEventListener('click', function () { redrive(parked.id, button); });
        body.append(element('tr', { 'data-parked': parked.id }, [
          element('td', {}, [parked.at.slice(11, 19)]),
          element('td', {}, [parked.queue]),
          element('td', {}, [parked.reason]),
          element('td', {}, [button]),
        ]));
      });
      parkedTable.hidden = list.length === 0;
      parkedEmpty.hidden = list.length !== 0;
    }).catch(function () {}).finally(function () {
      refreshing = false;
      if (refreshAgain) { refreshAgain = false; refreshParked(); }
    });
  }

  function redrive(id, button) {
    button.disabled = true;
    postJson('/api/redrive', { id: id }).then(function (result) {
      redriveResult.textContent = result.status < 300 ? 'Redriven: ' + id : errorText(result.body);
      refreshParked();
    }).catch(function () { redriveResult.textContent = 'the console did not answer'; });
  }

  document.getElementById('match-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var out = document.getElementById('match-result');
    postJson('/api/match', {
      pattern: document.getElementById('match-pattern').value,
      event: document.getElementById('match-event').value,
    }).then(function (result) {
      if (result.status !== 200) { out.dataset.result = 'error'; out.textContent = errorText(result.body); return; }
      out.dataset.result = result.body.matched ? 'match' : 'no match';
      out.textContent = [result.body.matched ? 'match' : 'no match'].concat(result.body.reasons, result.body.warnings).join('\\n');
    }).catch(function () { out.textContent = 'the console did not answer'; });
  });

  var graph = document.getElementById('graph');
  graph.addEventListener('error', function () {
    graph.hidden = true;
    var note = document.getElementById('graph-error');
    note.hidden = false;
    note.textContent = 'No graph: a spec is invalid (npx dev validate says which).';
  });

  refreshParked();
})();
`;
