/*
 * iframe-worker-facade.js - Material's search worker, run as shards in Blob workers.
 *
 * Material for MkDocs' search interface talks to one Web Worker made from
 * `config.search` (assets/javascripts/workers/search.*.min.js): it posts
 * {type: SETUP, data: {config, docs, options}}, waits for {type: READY}, then posts
 * {type: QUERY, data: "text"} and renders every {type: RESULT, data: {items}} it gets.
 * This script replaces `window.Worker` for that one URL (every other worker is
 * native) with a facade that speaks the same protocol, online, under `mkdocs serve`
 * and from file:// alike:
 *
 *   - On SETUP it loads the manifest (MANIFEST: search/briefings-search.js, written at build
 *     time: the worker's source and the names of the index's chunk scripts) and the
 *     chunks, with script tags: from file:// scripts are the only way in. Each chunk
 *     holds its documents as one JSON string, so no task on this thread parses them.
 *   - Each chunk becomes a shard: an instance of Material's worker (language support,
 *     stemming, segmentation and highlighting stay Material's) with the chunk's lunr
 *     index, parsed and built off this thread. Shards live in a few Blob workers, the
 *     hosts (search/briefings-search.js holds their source; see search_worker.js):
 *     one fewer than the machine's cores (one to four), so the page keeps a core to
 *     itself, each indexing one chunk at a time; the first chunk, the smallest, is
 *     indexed alone, so it answers early. Chunks are uniform samples of the site, so
 *     scores from different shards compare.
 *   - READY is sent when the first shard is ready; a QUERY goes to every ready shard
 *     and their results are merged (groups by score). A host answers a query only
 *     once it has finished the chunk it is indexing, so the first shard that has
 *     matches is sent at once, without waiting for the others; the merged result is
 *     re-sent as the other shards answer, and when another shard becomes ready (the
 *     last query is asked again there). Each result sent re-renders Material's list on
 *     the page's main thread: while shards are still building, these updates are sent
 *     at most once every REFRESH ms (the last one, with every shard, at once). While
 *     shards are building, an empty result keeps Material's "Initializing search".
 *
 * Without the manifest (a site built without the briefings plugin) it runs Material's
 * worker natively, except from file://, where search then stays empty.
 *
 * The file name contains "iframe-worker": Material's offline plugin adds a shim from
 * a CDN (https://unpkg.com/iframe-worker/shim) unless a polyfill of that name is
 * listed. No iframe is involved.
 *
 * `window.__bfSearchStatus` reports progress (for tests and bench/search_browser.py):
 * {chunks, ready, failed, documents, done, readyAt, events, answered, firstAnswer}; the
 * SETUP that starts the index loading is also a performance mark, "bf-search-setup"
 * (the bench tells the page's own load from the index's with it).
 */
(function () {
  "use strict";

  if (typeof window === "undefined" || !window.Worker || window.__bfSearchFacade) return;

  var NativeWorker = window.Worker;
  // Paths from the URL table (site/urls.py), written in when the plugin writes this file
  // (adapters/mkdocs_plugin/theme.py, script_values).
  var SEARCH_WORKER = new RegExp("__BRIEFINGS_SEARCH_WORKER__");
  var MANIFEST = "__BRIEFINGS_SEARCH_MANIFEST__";
  var WORKER_TO_ROOT = "__BRIEFINGS_WORKER_TO_ROOT__";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var SLOTS = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 1));
  var REFRESH = 500; // ms between re-sent results while shards are building

  var INITIALIZING = null; // the result list's text before search is ready
  document.addEventListener("DOMContentLoaded", function () {
    var meta = document.querySelector(".md-search-result__meta");
    if (meta) INITIALIZING = meta.textContent.trim();
  });

  var status = window.__bfSearchStatus = {
    chunks: 0, ready: 0, failed: 0, documents: 0, readyAt: [], done: false, events: [],
    answered: null, // the last query answered: {query, shards, items, at}
    firstAnswer: {} // query -> when it first had results (performance.now())
  };
  function note(what) { status.events.push([what, Math.round(performance.now())]); }

  function load(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = function () { script.remove(); resolve(); };
      script.onerror = function () {
        script.remove();
        reject(new Error("search: cannot load " + url));
      };
      document.head.appendChild(script);
    });
  }

  // Merge the shards' results: every group (a page and its sections) keeps its best
  // score; ties keep shard order, then each shard's own order.
  function merge(answers) {
    var groups = [];
    var suggest, bestTop = -Infinity, anySuggest = false;
    Object.keys(answers).map(Number).sort(function (a, b) { return a - b; })
      .forEach(function (shard) {
        var data = answers[shard] || {};
        var items = data.items || [];
        items.forEach(function (group, position) {
          var score = 0;
          group.forEach(function (item) { if (item.score > score) score = item.score; });
          groups.push({ score: score, shard: shard, position: position, group: group });
          if (position === 0 && data.suggest && score > bestTop) {
            bestTop = score;
            suggest = data.suggest;
          }
        });
        if (data.suggest) anySuggest = true;
      });
    groups.sort(function (a, b) {
      return b.score - a.score || a.shard - b.shard || a.position - b.position;
    });
    var result = { items: groups.map(function (g) { return g.group; }) };
    if (anySuggest) result.suggest = suggest || [];
    return result;
  }

  class SearchFacade extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this._url = url;
      this._base = new URL(WORKER_TO_ROOT, url); // the site's root
      this._started = false;
      this._closed = false;
      this._readySent = false;
      this._shards = [];     // ready shards
      this._workers = [];    // the hosts' workers
      this._query = null;    // the last query: {value, answers, shards, asked, received}
      this._sentAt = -Infinity; // when a result was last sent (performance.now())
      this._timer = null;    // a re-sent result waiting for REFRESH
      this._native = null;   // Material's own worker, as a fallback
    }

    postMessage(message) {
      if (this._closed || !message) return;
      if (this._native) return this._native.postMessage(message);
      if (message.type === SETUP) this._setup(message.data || {});
      else if (message.type === QUERY) this._ask(String(message.data));
    }

    terminate() {
      this._closed = true;
      this._workers.forEach(function (w) { w.terminate(); });
      if (this._native) this._native.terminate();
    }

    _emit(data) {
      if (this._closed) return;
      var event = new MessageEvent("message", { data: data });
      if (typeof this.onmessage === "function") this.onmessage(event);
      this.dispatchEvent(event);
    }

    _ready() {
      if (this._readySent) return;
      this._readySent = true;
      this._emit({ type: READY });
    }

    _setup(data) {
      if (this._started) return;
      this._started = true;
      note("setup");
      if (performance.mark) performance.mark("bf-search-setup");
      var self = this;
      load(new URL(MANIFEST, this._base).href)
        .then(function () {
          var manifest = window.__bfSearchIndex;
          if (!manifest || !manifest.worker) throw new Error("search: no manifest");
          note("manifest");
          self._run(manifest, data);
        })
        .catch(function (err) { self._fallback(data, err); });
    }

    _fallback(data, err) {
      console.warn(err);
      if (location.protocol === "file:") return this._ready();
      var self = this;
      this._native = new NativeWorker(this._url.href);
      this._native.onmessage = function (ev) { self._emit(ev.data); };
      this._native.postMessage({ type: SETUP, data: data });
    }

    _run(manifest, data) {
      var self = this;
      var config = data.config || manifest.config;
      var options = data.options || {};
      var setup = {
        bf: "chunk", config: config, options: options, hidden: manifest.hidden || []
      };
      var blob = URL.createObjectURL(
        new Blob([manifest.worker], { type: "text/javascript" }));
      var jobs = manifest.chunks.map(function (name, i) {
        return { number: i, url: new URL(name, self._base).href, text: null };
      });
      if (data.docs && data.docs.length)  // documents in search_index.json, if any
        jobs.push({ number: jobs.length, text: Promise.resolve(JSON.stringify(data.docs)) });
      status.chunks = jobs.length;
      status.documents = manifest.documents;
      var hosts = [];
      var next = 0, remaining = jobs.length;
      if (!remaining) return this._ready();

      function text(job) {
        if (!job.text)
          job.text = load(job.url).then(function () {
            var store = window.__bfSearchDocs || {};
            var value = store[job.number];
            delete store[job.number];
            if (typeof value !== "string") throw new Error("search: empty " + job.url);
            note("loaded " + job.number);
            return value;
          });
        return job.text;
      }

      // A chunk is indexed (or failed): its host takes the next one.
      function settled(host) {
        host.busy = false;
        remaining--;
        if (!remaining) {
          status.done = true;
          self._ready(); // even if every chunk failed: the interface must not wait
        }
        pump();
      }

      function newHost() {
        var host = { worker: new NativeWorker(blob), busy: false, dead: false, shards: {} };
        host.worker.onmessage = function (ev) { self._receive(host, ev.data || {}, settled); };
        host.worker.onerror = function (ev) {
          console.warn("search: " + (ev.message || "worker error"));
          host.dead = true;
          var shard = host.busy && host.shards[host.current];
          if (shard && !shard.ready) self._failed(shard, settled);
        };
        hosts.push(host);
        self._workers.push(host.worker);
        return host;
      }

      function pump() {
        // The first chunk is indexed alone, so that it answers as early as it can.
        var limit = self._shards.length || status.failed ? SLOTS : 1;
        while (!self._closed && next < jobs.length) {
          var busy = hosts.filter(function (h) { return h.busy; }).length;
          if (busy >= limit) return;
          var host = hosts.filter(function (h) { return !h.busy && !h.dead; })[0];
          if (!host) {
            if (hosts.filter(function (h) { return !h.dead; }).length >= SLOTS) return;
            host = newHost();
          }
          var job = jobs[next++];
          host.busy = true;
          host.current = job.number;
          text(job).then(
            self._spawn.bind(self, host, job.number, setup),
            function (err) { console.warn(err); status.failed++; settled(host); });
          if (next < jobs.length) text(jobs[next]); // load the next chunk meanwhile
        }
      }
      pump();
    }

    // Send chunk `number` to `host`, to be indexed by a new instance of Material's worker.
    _spawn(host, number, setup, docs) {
      if (this._closed) return;
      host.shards[number] = { number: number, host: host, pending: [], ready: false };
      note("spawn " + number);
      host.worker.postMessage(Object.assign({ id: number, docs: docs }, setup));
    }

    _failed(shard, settled) {
      if (shard.ready || shard.failed) return;
      shard.failed = true;
      status.failed++;
      settled(shard.host);
    }

    _receive(host, message, settled) {
      var shard = host.shards[message.id];
      if (!shard) return;
      if (message.bf === "parsed") return note("parsed " + shard.number);
      if (message.bf === "failed") {
        console.warn("search: chunk " + shard.number + ": " + message.error);
        return this._failed(shard, settled);
      }
      var out = message.message || {};
      if (out.type === READY && !shard.ready && !shard.failed) {
        shard.ready = true;
        this._shards.push(shard);
        status.ready++;
        status.readyAt.push(performance.now());
        note("ready " + shard.number);
        settled(host);
        this._ready();
        if (this._query) this._askShard(shard, this._query);
      } else if (out.type === RESULT) {
        var query = shard.pending.shift();
        if (query && query === this._query) {
          query.answers[shard.number] = out.data;
          query.received++;
          this._answered(query, out.data && out.data.items && out.data.items.length);
        }
      }
    }

    // A shard answered `query` (`found`: it has matches). Send the merged result at once
    // when it is the query's first with matches, or its last (every asked shard in) while
    // nothing was sent for it yet, or the final one (every shard built and in); any other
    // update is sent REFRESH ms after the last result sent, merged with whatever arrived
    // meanwhile, so a busy index does not re-render the list at every shard.
    _answered(query, found) {
      var complete = query.received === query.asked;
      var now = (found && !query.found) || (complete && !query.sent) ||
        (complete && status.done);
      if (found) query.found = true;
      if (now) return this._answer(query);
      if (!query.found && !complete) return; // still nothing to show
      if (this._timer !== null) return;
      var self = this;
      this._timer = setTimeout(function () {
        self._timer = null;
        if (self._query && !self._closed) self._answer(self._query);
      }, Math.max(0, this._sentAt + REFRESH - performance.now()));
    }

    // Send the merged result. An empty one while shards are still building would read "No
    // matching documents": the result list then says what it said before the first shard
    // was ready (Material's own "Initializing search", in the site's language).
    _answer(query) {
      if (this._timer !== null) {
        clearTimeout(this._timer);
        this._timer = null;
      }
      query.sent = true;
      this._sentAt = performance.now();
      var result = merge(query.answers);
      status.answered = {
        query: query.value, shards: query.received, items: result.items.length,
        at: performance.now()
      };
      if (result.items.length && status.firstAnswer[query.value] === undefined)
        status.firstAnswer[query.value] = status.answered.at;
      this._emit({ type: RESULT, data: result });
      var meta = document.querySelector(".md-search-result__meta");
      if (!status.done && !result.items.length && query.value.trim() && meta && INITIALIZING)
        meta.textContent = INITIALIZING;
    }

    _ask(value) {
      var query = { value: value, answers: {}, shards: {}, asked: 0, received: 0 };
      this._query = query;
      if (this._timer !== null) {
        clearTimeout(this._timer);
        this._timer = null;
      }
      if (!this._shards.length)
        return this._emit({ type: RESULT, data: { items: [] } });
      for (var i = 0; i < this._shards.length; i++) this._askShard(this._shards[i], query);
    }

    _askShard(shard, query) {
      if (query.shards[shard.number]) return; // READY can bring the same query twice
      query.shards[shard.number] = true;
      query.asked++;
      shard.pending.push(query);
      shard.host.worker.postMessage({ bf: "query", id: shard.number, query: query.value });
    }
  }

  function Worker(url, options) {
    var href = new URL(String(url), document.baseURI);
    if (SEARCH_WORKER.test(href.pathname)) return new SearchFacade(href);
    return new NativeWorker(url, options);
  }
  Worker.prototype = NativeWorker.prototype;

  window.__bfSearchFacade = SearchFacade;
  window.Worker = Worker;
})();
