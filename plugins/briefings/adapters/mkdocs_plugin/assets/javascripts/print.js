/* Briefings: on paper, links show their address. The print stylesheet prints
 * data-bf-print-url after each link of the article; this script sets it to the link's
 * online address, resolved against the page's canonical address (so a page printed from
 * file:// or a preview server still shows the published URLs). Without the script, the
 * stylesheet prints the address of external links as written. */
(function () {
  "use strict";

  function base() {
    var canonical = document.querySelector("link[rel=canonical]");
    return canonical && canonical.href ? canonical.href : window.location.href;
  }

  function mark() {
    var root = document.querySelector(".md-content");
    if (!root) { return; }
    var from = base();
    root.querySelectorAll("a[href]").forEach(function (link) {
      var href = link.getAttribute("href");
      if (!href || href.charAt(0) === "#" || /^(mailto|tel|javascript):/i.test(href)) { return; }
      try {
        var url = new URL(href, from);
        if (url.protocol === "http:" || url.protocol === "https:") {
          link.setAttribute("data-bf-print-url", url.href);
        }
      } catch (e) { /* not an address: printed as it is */ }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mark);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mark);
  } else {
    mark();
  }
})();
