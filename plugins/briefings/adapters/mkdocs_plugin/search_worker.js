/*
 * One search host: a Blob worker made by iframe-worker-facade.js, running Material's own
 * search worker once per chunk of the index.
 *
 * At build time search.py fills in the source of Material's installed search worker and
 * the lunr language scripts it imports. Each chunk gets its own instance of that worker:
 * the source is evaluated again with `addEventListener` and `postMessage` of its own, so
 * several lunr indexes live in one thread (a worker thread costs tens of MB of memory by
 * itself). Instances are set up one after another.
 *
 * Messages from the facade:
 *   {bf: "chunk", id, config, options, hidden, docs: "<JSON>"}  parse the documents here,
 *       off the page's main thread, and set up a new instance with them (Material's SETUP);
 *   {bf: "query", id, query}  Material's QUERY, to instance `id`, written as the index is:
 *       the documents' texts are HTML (search.py escapes `&`, `<` and `>`; Material's own
 *       plugin writes its pages' HTML), and Material's tokenizer keeps entities inside
 *       words, so "AT&T" is indexed as "at&amp;t"; a query is escaped the same way, or
 *       it would never match a word holding one of those characters.
 * Messages to the facade:
 *   {bf: "out", id, message}  what instance `id` posts: READY, or RESULT without the
 *       `hidden` fields (indexed, never shown: less to copy into the page);
 *   {bf: "failed", id, error}  instance `id` could not be set up.
 *
 * `importScripts("../lunr/min/lunr.de.min.js", ...)` runs the embedded sources: a Blob
 * worker resolves relative URLs against its blob: address, and from file:// it could not
 * load them anyway. They register on the global `lunr`, which each instance sets to its
 * own when it starts, just before its set-up.
 */
(function (scripts, source) {
  "use strict";

  var READY = 1, RESULT = 3;

  function importScripts() {
    for (var i = 0; i < arguments.length; i++) {
      var name = String(arguments[i]).split("/lunr/").pop();
      if (!Object.prototype.hasOwnProperty.call(scripts, name))
        throw new Error("importScripts: " + arguments[i] + " is not embedded");
      (0, eval)(scripts[name] + "\n//# sourceURL=lunr/" + name);
    }
  }
  self.importScripts = importScripts;

  var factory = new Function("addEventListener", "postMessage", "importScripts", source);
  var instances = {}; // id -> deliver(data)
  var queue = [];
  var current = null; // the chunk being set up

  // A RESULT as the page gets it: without the `hidden` fields, and with the query's words
  // written as the reader typed them: each item's `terms` (Material puts them in the
  // result link's `?h=`, to mark them on the page, and lists the missing ones) and the
  // `suggest`ions (with `search.suggest`, typed into the search box).
  function strip(message, hidden) {
    var data = message && message.type === RESULT && message.data;
    if (data && data.items)
      data.items.forEach(function (group) {
        group.forEach(function (item) { // a copy made by Material's worker
          hidden.forEach(function (field) { delete item[field]; });
          if (item.terms) item.terms = asTyped(item.terms);
        });
      });
    if (data && data.suggest) data.suggest = data.suggest.map(typed);
    return message;
  }

  function asIndexed(query) {
    return String(query).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function typed(term) {
    return term.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }

  function asTyped(terms) {
    var out = {};
    Object.keys(terms).forEach(function (term) { out[typed(term)] = terms[term]; });
    return out;
  }

  function create(id, hidden) {
    var handlers = [];
    factory(
      function (type, fn) { if (type === "message") handlers.push(fn); },
      function (message) {
        self.postMessage({ bf: "out", id: id, message: strip(message, hidden) });
        if (message && message.type === READY && current === id) {
          current = null;
          setTimeout(next);
        }
      },
      importScripts
    );
    if (!handlers.length) throw new Error("search: the worker registered no handler");
    return function deliver(data) {
      handlers.forEach(function (fn) {
        var done = fn({ data: data });
        if (done && done.catch) done.catch(function (err) { fail(id, err); });
      });
    };
  }

  function fail(id, err) {
    self.postMessage({ bf: "failed", id: id, error: String(err && err.message || err) });
    if (current === id) {
      current = null;
      setTimeout(next);
    }
  }

  function next() {
    if (current !== null || !queue.length) return;
    var chunk = queue.shift();
    current = chunk.id;
    try {
      var docs = JSON.parse(chunk.docs);
      self.postMessage({ bf: "parsed", id: chunk.id, count: docs.length });
      var deliver = instances[chunk.id] = create(chunk.id, chunk.hidden || []);
      deliver({
        type: 0, // SearchMessageType.SETUP
        data: { config: chunk.config, docs: docs, options: chunk.options }
      });
    } catch (err) {
      fail(chunk.id, err);
    }
  }

  self.addEventListener("message", function (ev) {
    var message = ev.data || {};
    if (message.bf === "chunk") {
      queue.push(message);
      next();
    } else if (message.bf === "query" && instances[message.id]) {
      instances[message.id]({ type: 2, data: asIndexed(message.query) }); // QUERY
    }
  });
})(/*SCRIPTS*/{}, /*SOURCE*/"");
