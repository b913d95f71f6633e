/* Briefings: on paper, links show their address. The print stylesheet prints
 * data-bf-print-url after each link of the article; this script sets it to the link's
 * online address: a link to a page of this site is taken relative to the site's root here
 * and put under the online root the page's canonical address gives (the offline
 * edition's `x.html` becomes `x/`), so a page printed from file:// or a preview server
 * still shows the published URLs. Without the script, the
 * stylesheet prints the address of external links as written. */
(function () {
  "use strict";

  // The site's root here (Material's config names it relative to the page).
  function localRoot() {
    var config = document.getElementById("__config");
    var relative = ".";
    try { relative = JSON.parse(config.textContent).base || "."; } catch (e) { /* "." */ }
    return new URL(relative.replace(/\/?$/, "/"), window.location.href).href;
  }

  // A site-relative path as the online site writes it: the offline edition's `x.html`
  // and `x/index.html` are `x/` online when the canonical address is a folder.
  function online(path, folders) {
    var cut = path.search(/[?#]/);
    var tail = cut < 0 ? "" : path.slice(cut);
    var bare = cut < 0 ? path : path.slice(0, cut);
    if (folders && /(^|\/)index\.html$/.test(bare)) { bare = bare.slice(0, -10); }
    else if (folders && /\.html$/.test(bare) && bare !== "404.html") { bare = bare.slice(0, -5) + "/"; }
    return bare + tail;
  }

  function mark() {
    var root = document.querySelector(".md-content");
    if (!root) { return; }
    var canonical = document.querySelector("link[rel=canonical]");
    var here = localRoot();
    var page = window.location.href.split("#")[0];
    var onlineRoot = null, folders = false;
    if (canonical && canonical.href && page.indexOf(here) === 0) {
      folders = /\/$/.test(canonical.href);
      var own = online(page.slice(here.length), folders);
      if (canonical.href.slice(-own.length) === own || own === "") {
        onlineRoot = canonical.href.slice(0, canonical.href.length - own.length);
      }
    }
    root.querySelectorAll("a[href]").forEach(function (link) {
      var href = link.getAttribute("href");
      if (!href || href.charAt(0) === "#" || /^(mailto|tel|javascript):/i.test(href)) { return; }
      try {
        var url = new URL(href, window.location.href);
        if (onlineRoot !== null && url.href.indexOf(here) === 0) {  // a page of this site
          url = new URL(online(url.href.slice(here.length), folders), onlineRoot);
        }
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
