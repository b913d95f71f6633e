/*
 * iframe-worker.js - a tiny, dependency-free Web Worker stand-in for file://
 *
 * Chromium refuses `new Worker("file:///...")`, which breaks Material for
 * MkDocs' search when a site built with the `offline` plugin is opened from
 * disk. On the `file:` protocol only, this script replaces `window.Worker`
 * with `IFrameWorker`, which runs the (classic) worker script inside a hidden
 * `srcdoc` iframe and bridges messages over a private MessageChannel.
 *
 * Inside the iframe the worker script sees a worker-like global scope:
 *   - `postMessage(data[, transfer])` sends `data` to the parent's Worker
 *   - `addEventListener("message", fn)` / `onmessage` receive the parent's data
 *   - `importScripts(...urls)` loads scripts in order via <script> tags and
 *     returns a Promise (it cannot be synchronous; Material awaits it)
 *   - `close()` terminates the worker
 * Uncaught errors in the worker are reported to the parent's `onerror` /
 * "error" listeners as ErrorEvents.
 *
 * Material's search worker relies on two details of this protocol: it checks
 * `"IFrameWorker" in parent` and then takes the first `script[src]` of the
 * iframe document as the worker URL to locate its lunr language files. So the
 * iframe document has inline scripts only, except for the worker script.
 *
 * The file name must contain "iframe-worker": Material's offline plugin only
 * skips adding https://unpkg.com/iframe-worker/shim when such a polyfill is
 * already listed in `extra.polyfills`.
 */
(function () {
  "use strict";

  // Off file:// native workers work; also do not install twice.
  if (typeof window === "undefined" || window.location.protocol !== "file:")
    return;
  if (window.IFrameWorker) return;

  var HANDSHAKE = "iframe-worker:ready";
  var counter = 0;

  /*
   * Code that runs inside the iframe, before the worker script. It is
   * serialised with Function.prototype.toString and inlined into the srcdoc,
   * so it must not reference anything from this closure.
   */
  function bootstrap(id, handshake) {
    var port = null; // our end of the MessageChannel, set once the DOM is ready
    var outbox = []; // messages produced before the port exists
    var nativePostMessage = window.postMessage.bind(window);

    function send(msg, transfer) {
      if (port) port.postMessage(msg, transfer || []);
      else outbox.push([msg, transfer || []]);
    }

    // Worker-style postMessage(data, transfer | {transfer}). A window-style
    // call (second argument is a target origin string) still goes native.
    window.postMessage = function (data, transfer) {
      if (typeof transfer === "string")
        return nativePostMessage.apply(window, arguments);
      if (transfer && !Array.isArray(transfer)) transfer = transfer.transfer;
      send({ type: "message", data: data }, transfer);
    };

    // importScripts(...urls): load scripts strictly one after another,
    // resolved against the worker script URL (the document's <base>).
    window.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (previous, url) {
        return previous.then(function () {
          return new Promise(function (resolve, reject) {
            var script = document.createElement("script");
            script.setAttribute("data-import-scripts", "");
            script.onload = function () { resolve(); };
            script.onerror = function () {
              reject(new Error("importScripts: failed to load " + script.src));
            };
            script.src = new URL(url, document.baseURI).href;
            document.head.appendChild(script);
          });
        });
      }, Promise.resolve());
    };

    window.close = function () { send({ type: "close" }); };

    // Report uncaught errors (runtime errors are ErrorEvents; a failed worker
    // script load is a plain "error" event on the <script>, seen in capture).
    window.addEventListener("error", function (ev) {
      if (ev instanceof ErrorEvent) {
        send({
          type: "error", message: ev.message, filename: ev.filename,
          lineno: ev.lineno, colno: ev.colno
        });
      } else if (ev.target && ev.target.tagName === "SCRIPT" &&
                 !ev.target.hasAttribute("data-import-scripts")) {
        send({ type: "error", message: "Failed to load worker script " +
                                        ev.target.src, filename: ev.target.src });
      }
    }, true);

    // Once the worker script has run (all parser-blocking scripts are done),
    // open the channel: only now can incoming messages find its listeners.
    document.addEventListener("DOMContentLoaded", function () {
      var channel = new MessageChannel();
      port = channel.port1;
      port.onmessage = function (ev) {
        // Deliver as a "message" event on the global scope: this reaches both
        // addEventListener("message") listeners and the onmessage handler.
        window.dispatchEvent(new MessageEvent("message", { data: ev.data }));
      };
      outbox.splice(0).forEach(function (m) { port.postMessage(m[0], m[1]); });
      window.parent.postMessage({ type: handshake, id: id }, "*", [channel.port2]);
    });
  }

  // Escape a string for use inside a double-quoted HTML attribute.
  function attr(value) {
    return String(value).replace(/&/g, "&amp;").replace(/"/g, "&quot;")
      .replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  class IFrameWorker extends EventTarget {
    constructor(url, options) {
      super();
      if (options && options.type === "module")
        throw new TypeError("IFrameWorker supports classic workers only");

      this.onmessage = null;
      this.onerror = null;
      this._port = null;     // parent end of the channel, after the handshake
      this._queue = [];      // messages posted before the handshake
      this._closed = false;

      var id = "iframe-worker-" + (++counter);
      var src = new URL(String(url), document.baseURI).href;

      this._iframe = document.createElement("iframe");
      this._iframe.setAttribute("aria-hidden", "true");
      this._iframe.setAttribute("tabindex", "-1");
      this._iframe.style.display = "none";
      this._iframe.srcdoc =
        "<!doctype html><html><head><meta charset=\"utf-8\">" +
        "<base href=\"" + attr(src) + "\">" +
        "<script>(" + String(bootstrap) + ")(" + JSON.stringify(id) + "," +
          JSON.stringify(HANDSHAKE) + ")</scr" + "ipt>" +
        "<script src=\"" + attr(src) + "\"></scr" + "ipt>" +
        "</head><body></body></html>";

      // Wait for the iframe's handshake carrying its MessagePort.
      this._onHandshake = (ev) => {
        var data = ev.data;
        if (!data || data.type !== HANDSHAKE || data.id !== id) return;
        if (ev.source !== this._iframe.contentWindow) return;
        ev.stopImmediatePropagation();
        window.removeEventListener("message", this._onHandshake);
        if (this._closed) return;
        this._port = ev.ports[0];
        this._port.onmessage = (e) => this._receive(e.data);
        this._queue.splice(0).forEach((m) => this._port.postMessage(m[0], m[1]));
      };
      window.addEventListener("message", this._onHandshake);

      (document.body || document.documentElement).appendChild(this._iframe);
    }

    postMessage(data, transfer) {
      if (this._closed) return;
      if (transfer && !Array.isArray(transfer)) transfer = transfer.transfer;
      transfer = transfer || [];
      if (this._port) this._port.postMessage(data, transfer);
      else this._queue.push([data, transfer]);
    }

    terminate() {
      if (this._closed) return;
      this._closed = true;
      this._queue = [];
      window.removeEventListener("message", this._onHandshake);
      if (this._port) this._port.close();
      if (this._iframe.parentNode) this._iframe.parentNode.removeChild(this._iframe);
    }

    // Handle an envelope coming from the iframe side.
    _receive(msg) {
      if (this._closed || !msg) return;
      if (msg.type === "message") {
        var event = new MessageEvent("message", { data: msg.data });
        if (typeof this.onmessage === "function") this.onmessage(event);
        this.dispatchEvent(event);
      } else if (msg.type === "error") {
        var error = new ErrorEvent("error", {
          message: msg.message, filename: msg.filename,
          lineno: msg.lineno, colno: msg.colno
        });
        if (typeof this.onerror === "function") this.onerror(error);
        this.dispatchEvent(error);
      } else if (msg.type === "close") {
        this.terminate();
      }
    }
  }

  // Material's search worker looks for `IFrameWorker` on its parent window.
  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
