/*
 * Prelude of one search shard (a Blob worker made by iframe-worker-facade.js).
 *
 * At build time search.py puts this before the source of Material's own search worker
 * and fills in the lunr language scripts that worker imports. It does two things:
 *   - `importScripts("../lunr/min/lunr.de.min.js", ...)` runs the embedded sources: a
 *     Blob worker resolves relative URLs against its blob: address, and from file://
 *     it could not load them anyway;
 *   - `{bf: "setup", config, options, docs: "<JSON>"}` is parsed here, off the page's
 *     main thread, and handed to Material's worker as its usual SETUP message.
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

  self.addEventListener("message", function (ev) {
    var message = ev.data;
    if (!message || message.bf !== "setup") return;
    ev.stopImmediatePropagation();
    var docs = JSON.parse(message.docs);
    self.dispatchEvent(new MessageEvent("message", {
      data: {
        type: 0, // SearchMessageType.SETUP
        data: { config: message.config, docs: docs, options: message.options }
      }
    }));
  });
})(/*SCRIPTS*/{});
