/* Briefings: link previews. Hovering or focusing a link to a briefing, story or entity
 * shows its date and summary (or description) in a tooltip. The data is embedded in the
 * page itself (<script type="application/json" id="bf-previews">, keyed by the links'
 * href as written), so previews work from file:// with no request.
 *
 * Keyboard and screen-reader users get the same text: the tooltip (role="tooltip") is
 * shown on focus too, and the focused or hovered link points to it with
 * aria-describedby. Escape dismisses it; the pointer may move onto it (WCAG 1.4.13). */
(function () {
  "use strict";

  var TOOLTIP_ID = "bf-preview";
  var HIDE_DELAY = 200; // ms: time to move the pointer from the link onto the tooltip
  var tooltip = null;
  var current = null;
  var hideTimer = null;
  var data = {};

  // The preview of `href`, from the data's own keys only ("constructor", "__proto__").
  function own(map, href) {
    return href !== null && Object.prototype.hasOwnProperty.call(map, href) ? map[href] : null;
  }

  function ensureTooltip() {
    if (tooltip && document.body.contains(tooltip)) { return tooltip; }
    tooltip = document.createElement("div");
    tooltip.id = TOOLTIP_ID;
    tooltip.className = "bf-preview";
    tooltip.setAttribute("role", "tooltip");
    tooltip.hidden = true;
    tooltip.addEventListener("mouseenter", cancelHide);
    tooltip.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(tooltip);
    return tooltip;
  }

  function fill(el, preview) {
    el.textContent = "";
    var title = document.createElement("strong");
    title.className = "bf-preview__title";
    title.dir = "auto";
    title.textContent = preview.title;
    el.appendChild(title);
    if (preview.date) {
      var date = document.createElement("span");
      date.className = "bf-preview__date";
      date.textContent = preview.date;
      el.appendChild(date);
    }
    if (preview.text) {
      var text = document.createElement("span");
      text.className = "bf-preview__text";
      text.dir = "auto";
      text.textContent = preview.text;
      el.appendChild(text);
    }
  }

  function place(el, link) {
    var rect = link.getBoundingClientRect();
    var width = Math.min(360, document.documentElement.clientWidth - 16);
    el.style.maxWidth = width + "px";
    var left = rect.left + window.scrollX;
    var maxLeft = window.scrollX + document.documentElement.clientWidth - el.offsetWidth - 8;
    left = Math.max(window.scrollX + 8, Math.min(left, maxLeft));
    var below = rect.bottom + window.scrollY + 6;
    var above = rect.top + window.scrollY - el.offsetHeight - 6;
    var fitsBelow = rect.bottom + el.offsetHeight + 12 <= window.innerHeight;
    el.style.left = left + "px";
    el.style.top = (fitsBelow || above < window.scrollY ? below : above) + "px";
  }

  function show(link) {
    var preview = own(data, link.getAttribute("href"));
    if (!preview) { return; }
    cancelHide();
    if (current && current !== link) { current.removeAttribute("aria-describedby"); }
    var el = ensureTooltip();
    fill(el, preview);
    el.hidden = false;
    place(el, link);
    link.setAttribute("aria-describedby", TOOLTIP_ID);
    current = link;
  }

  function hide() {
    cancelHide();
    if (tooltip) { tooltip.hidden = true; }
    if (current) { current.removeAttribute("aria-describedby"); }
    current = null;
  }

  function scheduleHide() {
    cancelHide();
    hideTimer = window.setTimeout(hide, HIDE_DELAY);
  }

  function cancelHide() {
    if (hideTimer) { window.clearTimeout(hideTimer); hideTimer = null; }
  }

  function previewLink(target) {
    var link = target && target.closest ? target.closest("a[href]") : null;
    return link && own(data, link.getAttribute("href")) ? link : null;
  }

  function init() {
    hide();
    var el = document.getElementById("bf-previews");
    data = {};
    if (!el) { return; }
    try { data = JSON.parse(el.textContent) || {}; } catch (e) { data = {}; }
  }

  document.addEventListener("mouseover", function (event) {
    var link = previewLink(event.target);
    if (link) { show(link); }
  });
  document.addEventListener("mouseout", function (event) {
    var link = previewLink(event.target);
    if (link && !link.contains(event.relatedTarget)) { scheduleHide(); }
  });
  document.addEventListener("focusin", function (event) {
    var link = previewLink(event.target);
    if (link) { show(link); } else { hide(); }
  });
  document.addEventListener("focusout", function (event) {
    if (previewLink(event.target)) { hide(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) { hide(); }
  });
  window.addEventListener("resize", hide);

  // With Material's instant navigation, pages arrive without a load event: its
  // document$ observable announces each one (the first included).
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
