/*
 * Prelude of one search shard (a Blob worker made by iframe-worker-facade.js).
 *
 * At build time search.py puts this before the source of Material's own search worker
 * and fills in the lunr language scripts that worker imports. It does two things:
 *   - `importScripts("../lunr/min/lunr.de.min.js", ...)` runs the embedded sources: a
 *     Blob worker resolves relative URLs against its blob: address, and from file://
 *     it could not load them anyway;
 *   - `{bf: "setup", config, options, hidden, docs: "<JSON>"}` is parsed here, off the
 *     page's main thread, and handed to Material's worker as its usual SETUP message;
 *     the `hidden` fields (indexed, never shown) are left out of its results.
 */
(function (scripts) {
  "use strict";

  self.importScripts = function () {
    for (var i = 0; i < arguments.length; i++) {
      var name = String(arguments[i]).split("/lunr/").pop();
      if (!Object.prototype.hasOwnProperty.call(scripts, name))
        throw new Error("importScripts: " + arguments[i] + " is not embedded");
      (0, eval)(scripts[name] + "\n//# sourceURL=lunr/" + name);
    }
  };

  // Results go to the page without the fields it never shows (they can be most of a
  // document): less to copy into the page's main thread on every keystroke.
  var hidden = [];
  var post = self.postMessage.bind(self);
  self.postMessage = function (message, transfer) {
    var items = message && message.type === 3 && message.data && message.data.items;
    if (items && hidden.length)
      items.forEach(function (group) {
        group.forEach(function (item) { // a copy made by Material's worker
          hidden.forEach(function (field) { delete item[field]; });
        });
      });
    return transfer === undefined ? post(message) : post(message, transfer);
  };

  self.addEventListener("message", function (ev) {
    var message = ev.data;
    if (!message || message.bf !== "setup") return;
    ev.stopImmediatePropagation();
    hidden = message.hidden || [];
    var docs = JSON.parse(message.docs);
    self.postMessage({ bf: "parsed", count: docs.length });
    self.dispatchEvent(new MessageEvent("message", {
      data: {
        type: 0, // SearchMessageType.SETUP
        data: { config: message.config, docs: docs, options: message.options }
      }
    }));
  });
})(/*SCRIPTS*/{});
