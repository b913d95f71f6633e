/* Briefings: filter a timeline by story and entity, in the page, with no network.
 * The choices are embedded as JSON next to the timeline; entries carry
 * data-stories="slug ..." and data-entities="kind/slug ...". Works from file://. */
(function () {
  "use strict";

  function fill(select, options) {
    options.forEach(function (opt) {
      var el = document.createElement("option");
      el.value = opt[0];
      el.textContent = opt.length > 2 ? opt[1] + " (" + opt[2] + ")" : opt[1];
      select.appendChild(el);
    });
  }

  function has(list, value) {
    return !value || (" " + (list || "") + " ").indexOf(" " + value + " ") >= 0;
  }

  function apply(form, root) {
    var story = form.elements.story.value;
    var entity = form.elements.entity.value;
    var shown = 0;
    root.querySelectorAll(".bf-entry").forEach(function (entry) {
      var ok = has(entry.dataset.stories, story) && has(entry.dataset.entities, entity);
      if (ok) { entry.removeAttribute("data-bf-hidden"); shown++; }
      else { entry.setAttribute("data-bf-hidden", ""); }
    });
    // Hide months and years left empty.
    root.querySelectorAll(".bf-timeline__month, .bf-timeline__year").forEach(function (group) {
      var visible = group.querySelector(".bf-entry:not([data-bf-hidden])");
      if (visible) { group.removeAttribute("data-bf-hidden"); }
      else { group.setAttribute("data-bf-hidden", ""); }
    });
    var count = form.querySelector(".bf-filter__count");
    if (count) { count.textContent = shown + " shown"; }
    var params = new URLSearchParams();
    if (story) { params.set("story", story); }
    if (entity) { params.set("entity", entity); }
    var query = params.toString();
    if (window.history && window.history.replaceState) {
      try {
        window.history.replaceState(null, "", query ? "#" + query : window.location.pathname);
      } catch (e) { /* file:// may refuse; filtering still works */ }
    }
  }

  function setup(form) {
    if (form.dataset.bfReady) { return; }
    form.dataset.bfReady = "1";
    var dataEl = form.parentNode.querySelector(".bf-filter-data");
    var root = form.parentNode;
    if (!dataEl) { return; }
    var data = JSON.parse(dataEl.textContent);
    fill(form.elements.story, data.stories);
    fill(form.elements.entity, data.entities);
    var initial = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    if (initial.get("story")) { form.elements.story.value = initial.get("story"); }
    if (initial.get("entity")) { form.elements.entity.value = initial.get("entity"); }
    form.addEventListener("change", function () { apply(form, root); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply(form, root);
  }

  function init() {
    document.querySelectorAll("form[data-bf-filter]").forEach(setup);
  }

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
