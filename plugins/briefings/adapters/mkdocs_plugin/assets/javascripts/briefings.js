/* Briefings: the timeline page's filter, its older entries and jump-to-year, in the
 * page, with no network; works from file://.
 *
 * The page holds its newest entries as HTML (entries carry data-stories="slug ..." and
 * data-entities="kind/slug ..."), the filter's choices and a list of data files as JSON
 * (script.bf-filter-data), and <template> elements for entries rendered from data. The
 * data files (timeline/data/N.js, format in site/views/timeline.py) are loaded with
 * <script> elements when the reader scrolls near the end, filters, or jumps to a year
 * they hold; their entries are rendered a step at a time (never one long task), and,
 * while a filter is set, only the entries it keeps. */
(function () {
  "use strict";

  var STEP = 250; // entries rendered per step at most
  var MARGIN = 1200; // px below the viewport at which older entries are rendered

  function has(list, value) {
    return !value || (" " + (list || "") + " ").indexOf(" " + value + " ") >= 0;
  }

  function fill(select, options, grouped) {
    var parent = select, group = null;
    options.forEach(function (opt) {
      if (grouped && opt.length > 2 && (!group || group.label !== opt[2])) {
        group = document.createElement("optgroup");
        group.label = opt[2];
        select.appendChild(group);
        parent = group;
      }
      var el = document.createElement("option");
      el.value = opt[0];
      el.textContent = opt[1];
      parent.appendChild(el);
    });
  }

  function later(fn) { window.setTimeout(fn, 0); }

  // "N shown" in the site's language: the page gives the label with a {count} slot.
  function shownLabel(out, n) {
    var label = out.getAttribute("data-bf-shown") || "{count} shown";
    return label.replace("{count}", String(n));
  }

  function Timeline(form) {
    this.form = form;
    this.root = form.parentNode;
    this.data = JSON.parse(this.root.querySelector(".bf-filter-data").textContent);
    this.axis = this.root.querySelector("[data-bf-timeline]") || this.root;
    this.more = this.root.querySelector("[data-bf-more]");
    this.button = this.root.querySelector("[data-bf-show-older]");
    var files = this.data.data || { chunks: [], href: ["", ""], total: 0 };
    this.files = files;
    this.chunks = files.chunks.map(function () { return null; });
    this.loading = {};
    this.tpl = {};
    var self = this;
    this.root.querySelectorAll("template[data-bf-tpl]").forEach(function (t) {
      self.tpl[t.getAttribute("data-bf-tpl")] = t;
    });
    this.storyIds = {};
    this.entityIds = {};
    this.data.stories.forEach(function (s, i) { self.storyIds[s[0]] = i; });
    this.data.entities.forEach(function (e, i) { self.entityIds[e[0]] = i; });
    this.generation = 0;
    this.reset();
  }

  Timeline.prototype.reset = function () {
    this.cursor = { chunk: 0, entry: 0 }; // next data entry to consider
    var years = this.axis.querySelectorAll(".bf-timeline__year:not([data-bf-data])");
    this.year = years.length ? years[years.length - 1] : null;
    var months = this.year ? this.year.querySelectorAll(".bf-timeline__month") : [];
    this.month = months.length ? months[months.length - 1] : null;
  };

  Timeline.prototype.done = function () {
    return this.cursor.chunk >= this.chunks.length;
  };

  // -- data files ------------------------------------------------------------------
  Timeline.prototype.load = function (i, then) {
    var self = this;
    var store = window.bfTimelineData || (window.bfTimelineData = {});
    if (store[i]) { self.chunks[i] = store[i]; then(); return; }
    if (self.loading[i]) { self.loading[i].push(then); return; }
    self.loading[i] = [then];
    var script = document.createElement("script");
    script.src = self.files.chunks[i].src;
    script.onload = script.onerror = function () {
      self.chunks[i] = store[i] || { d: [], m: [], b: [], e: [] };
      var waiting = self.loading[i];
      delete self.loading[i];
      waiting.forEach(function (fn) { fn(); });
    };
    document.head.appendChild(script);
  };

  Timeline.prototype.loadAll = function (then) {
    var self = this, left = self.chunks.length;
    if (!left) { then(); return; }
    self.chunks.forEach(function (_, i) {
      self.load(i, function () { if (--left === 0) { then(); } });
    });
  };

  // -- one data entry ----------------------------------------------------------------
  Timeline.prototype.terms = function (chunk, row) {
    var b = chunk.b[row[1]];
    return [row[4] != null ? row[4] : b[2], row[5] != null ? row[5] : b[3]];
  };

  Timeline.prototype.keeps = function (chunk, row) {
    var f = this.filter;
    if (f.story < 0 && f.entity < 0) { return true; }
    var terms = this.terms(chunk, row);
    return (f.story < 0 || terms[0].indexOf(f.story) >= 0) &&
      (f.entity < 0 || terms[1].indexOf(f.entity) >= 0);
  };

  Timeline.prototype.node = function (chunk, row) {
    var data = this.data, b = chunk.b[row[1]], d = chunk.d[row[0]];
    var briefing = row[2] === 0;
    var li = this.tpl[briefing ? "briefing" : "event"].content.firstElementChild.cloneNode(true);
    var iso = d[0];
    li.classList.add("bf-when--" + (iso.length > 7 ? "day" : iso.length > 4 ? "month" : "year"));
    if (d[2] & 1) { li.classList.add("bf-when--approx"); }
    if (d[2] & 2) { li.classList.add("bf-when--range"); }
    var terms = this.terms(chunk, row);
    li.setAttribute("data-stories", terms[0].map(function (i) { return data.stories[i][0]; }).join(" "));
    li.setAttribute("data-entities", terms[1].map(function (i) { return data.entities[i][0]; }).join(" "));
    var time = li.querySelector("time");
    time.setAttribute("datetime", iso);
    time.textContent = d[1];
    var href = this.files.href[0] + b[0] + this.files.href[1];
    var title = li.querySelector(".bf-entry__title");
    if (briefing) {
      title.textContent = b[1];
      title.setAttribute("href", href);
      li.querySelector(".bf-entry__event").textContent = row[3]; // '' when none
    } else {
      title.textContent = row[3];
      var link = li.querySelector(".bf-entry__source a");
      link.textContent = b[1];
      link.setAttribute("href", href);
    }
    return li;
  };

  // The <ol> an entry of (year, month) goes in: the last month's, or a new group.
  Timeline.prototype.list = function (chunk, iso) {
    var year = +iso.slice(0, 4), month = iso.length > 4 ? +iso.slice(5, 7) : 0;
    if (!this.year || +this.year.getAttribute("data-year") !== year) {
      this.year = this.tpl.year.content.firstElementChild.cloneNode(true);
      this.year.setAttribute("data-year", year);
      this.year.id = "bf-y" + year;
      this.year.firstElementChild.textContent = year;
      this.axis.appendChild(this.year);
      this.month = null;
    }
    if (!this.month || +this.month.getAttribute("data-month") !== month) {
      this.month = this.tpl.month.content.firstElementChild.cloneNode(true);
      this.month.setAttribute("data-month", month);
      this.month.id = "bf-y" + year + "-m" + month;
      var heading = this.month.firstElementChild;
      if (month) {
        var key = iso.slice(0, 7);
        chunk.m.forEach(function (m) { if (m[0] === key) { heading.textContent = m[1]; } });
      } else {
        var label = this.tpl["no-month"].content.firstElementChild.cloneNode(true);
        label.querySelector("[data-bf-slot]").textContent = year;
        heading.appendChild(label);
      }
      this.year.appendChild(this.month);
    }
    return this.month.querySelector("ol");
  };

  // Render up to STEP kept entries from the cursor on, loading data as needed; `then`
  // runs after the step (possibly asynchronously) with how many were rendered.
  Timeline.prototype.step = function (then) {
    var self = this, generation = self.generation;
    if (self.done()) { then(0); return; }
    var i = self.cursor.chunk;
    if (!self.chunks[i]) {
      self.load(i, function () {
        if (generation === self.generation) { self.step(then); } else { then(0); }
      });
      return;
    }
    var chunk = self.chunks[i], rendered = 0, touched = [];
    while (rendered < STEP && self.cursor.entry < chunk.e.length) {
      var row = chunk.e[self.cursor.entry++];
      if (!self.keeps(chunk, row)) { continue; }
      var list = self.list(chunk, chunk.d[row[0]][0]);
      list.appendChild(self.node(chunk, row));
      if (touched.indexOf(list) < 0) { touched.push(list); }
      rendered++;
    }
    if (self.cursor.entry >= chunk.e.length) { self.cursor = { chunk: i + 1, entry: 0 }; }
    touched.forEach(function (list) { self.showGroups(list); });
    self.updateMore();
    then(rendered);
  };

  Timeline.prototype.showGroups = function (list) {
    for (var el = list; el && el !== this.axis; el = el.parentNode) {
      if (el.removeAttribute) { el.removeAttribute("data-bf-hidden"); }
    }
  };

  Timeline.prototype.updateMore = function () {
    if (this.button) { this.button.hidden = this.done(); }
    if (this.more && this.done()) { this.more.setAttribute("data-bf-done", ""); }
    else if (this.more) { this.more.removeAttribute("data-bf-done"); }
  };

  // Keep rendering while the end of the timeline is near the viewport.
  Timeline.prototype.fillViewport = function () {
    var self = this;
    // (a page left by Material's instant navigation is detached: nothing to do)
    if (self.filling || self.done() || !self.more || !self.more.isConnected) { return; }
    var near = self.more.getBoundingClientRect().top < window.innerHeight + MARGIN;
    if (!near) { return; }
    self.filling = true;
    self.step(function () {
      later(function () { self.filling = false; self.fillViewport(); });
    });
  };

  // Render until `year`'s section exists (or the data has passed it), then go to its
  // heading.
  Timeline.prototype.jump = function (year) {
    var self = this, generation = self.generation;
    function target() {
      var found = document.getElementById("bf-y" + year);
      if (found && !found.closest("[data-bf-hidden]")) { return found; }
      return null;
    }
    function passed() {
      var chunk = self.chunks[self.cursor.chunk];
      if (self.done()) { return true; }
      if (!chunk || self.cursor.entry >= chunk.e.length) { return false; }
      return +chunk.d[chunk.e[self.cursor.entry][0]][0].slice(0, 4) < year;
    }
    function go() {
      if (generation !== self.generation) { return; }
      var found = target();
      if (!found && !passed()) { self.step(function () { later(go); }); return; }
      if (!found) { // no kept entry that year: the next older year shown
        self.axis.querySelectorAll(".bf-timeline__year:not([data-bf-hidden])").forEach(function (s) {
          if (!found && +s.getAttribute("data-year") < year) { found = s; }
        });
      }
      if (found) {
        found = found.firstElementChild; // the year's heading
        found.setAttribute("tabindex", "-1");
        found.scrollIntoView();
        found.focus({ preventScroll: true });
        settle(found, 10);
      }
    }
    go();
  };

  // Months off screen are laid out at an estimated height (content-visibility), so the
  // heading scrolled to moves once the months near it get their real height, a frame or
  // two later: for `frames` animation frames, scroll to it again whenever it left the
  // view (unless the reader moved the focus elsewhere).
  function settle(heading, frames) {
    requestAnimationFrame(function () {
      if (document.activeElement !== heading) { return; }
      var box = heading.getBoundingClientRect();
      if (box.top < 0 || box.top >= window.innerHeight) { heading.scrollIntoView(); }
      if (frames > 1) { settle(heading, frames - 1); }
    });
  }

  // -- the filter ----------------------------------------------------------------------
  Timeline.prototype.apply = function () {
    var self = this, form = self.form;
    var story = form.elements.story.value, entity = form.elements.entity.value;
    self.generation++;
    self.filter = {
      story: story ? (story in self.storyIds ? self.storyIds[story] : -2) : -1,
      entity: entity ? (entity in self.entityIds ? self.entityIds[entity] : -2) : -1
    };
    // Forget entries rendered from data; the HTML part is filtered in place.
    self.axis.querySelectorAll("[data-bf-data]").forEach(function (el) {
      if (el.isConnected) { el.parentNode.removeChild(el); } // (not inside a removed one)
    });
    self.reset();
    var shown = 0;
    self.axis.querySelectorAll(".bf-entry").forEach(function (entry) {
      var ok = has(entry.dataset.stories, story) && has(entry.dataset.entities, entity);
      if (ok) { entry.removeAttribute("data-bf-hidden"); shown++; }
      else { entry.setAttribute("data-bf-hidden", ""); }
    });
    self.axis.querySelectorAll(".bf-timeline__month, .bf-timeline__year").forEach(function (group) {
      var visible = group.querySelector(".bf-entry:not([data-bf-hidden])");
      if (visible) { group.removeAttribute("data-bf-hidden"); }
      else { group.setAttribute("data-bf-hidden", ""); }
    });
    self.count(shown, story || entity);
    self.updateMore();
    self.remember(story, entity);
    self.fillViewport();
  };

  Timeline.prototype.count = function (html, filtered) {
    var self = this, out = self.form.querySelector(".bf-filter__count");
    if (!out) { return; }
    if (!self.chunks.length) { out.textContent = shownLabel(out, html); return; }
    if (!filtered) { out.textContent = shownLabel(out, html + self.files.total); return; }
    var generation = self.generation;
    out.textContent = "Counting…";
    self.loadAll(function () {
      if (generation !== self.generation) { return; }
      var n = html;
      self.chunks.forEach(function (chunk) {
        chunk.e.forEach(function (row) { if (self.keeps(chunk, row)) { n++; } });
      });
      out.textContent = shownLabel(out, n);
    });
  };

  Timeline.prototype.remember = function (story, entity) {
    var params = new URLSearchParams();
    if (story) { params.set("story", story); }
    if (entity) { params.set("entity", entity); }
    var query = params.toString();
    if (window.history && window.history.replaceState) {
      try {
        window.history.replaceState(null, "", query ? "#" + query : window.location.pathname);
      } catch (e) { /* file:// may refuse; filtering still works */ }
    }
  };

  function setup(form) {
    if (form.dataset.bfReady) { return; }
    form.dataset.bfReady = "1";
    if (!form.parentNode.querySelector(".bf-filter-data")) { return; }
    var timeline = new Timeline(form);
    fill(form.elements.story, timeline.data.stories, false);
    fill(form.elements.entity, timeline.data.entities, true);
    var hash = window.location.hash.replace(/^#/, "");
    var initial = new URLSearchParams(hash);
    if (initial.get("story")) { form.elements.story.value = initial.get("story"); }
    if (initial.get("entity")) { form.elements.entity.value = initial.get("entity"); }
    form.addEventListener("change", function () { timeline.apply(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    timeline.root.addEventListener("click", function (e) {
      var link = e.target.closest && e.target.closest("a[data-bf-year]");
      if (!link) { return; }
      e.preventDefault();
      timeline.jump(+link.getAttribute("data-bf-year"));
    });
    if (timeline.button) {
      timeline.button.addEventListener("click", function () {
        (function more() { // at least one entry, unless there is none left
          timeline.step(function (n) { if (!n && !timeline.done()) { later(more); } });
        })();
      });
    }
    if (timeline.more) {
      if ("IntersectionObserver" in window) {
        new IntersectionObserver(function (seen) {
          if (seen.some(function (s) { return s.isIntersecting; })) { timeline.fillViewport(); }
        }, { rootMargin: "0px 0px " + MARGIN + "px 0px" }).observe(timeline.more);
      }
      window.addEventListener("scroll", function () { timeline.fillViewport(); }, { passive: true });
    }
    form.hidden = false;
    timeline.apply();
    var year = /^bf-y(\d+)$/.exec(hash);
    if (year && !document.getElementById(hash)) { timeline.jump(+year[1]); }
    form.setAttribute("data-bf-interactive", "");
    if (window.performance && performance.mark) { performance.mark("bf-timeline-interactive"); }
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
