// Small page helpers, deferred from <head> (docs/overrides/main.html), same origin, no framework:
//
// 1. 大字版 (适老化): large text and high contrast, a <button aria-pressed> in the header (in each page's
//    HTML, docs/overrides/partials/header.html; this script gives it its action). The choice is kept
//    on this device only (localStorage key "yb-easy-mode", the one thing this site stores); a one-line inline
//    script in <head> (docs/overrides/main.html) applies it before the page is drawn.
// 2. Glossary pop-ups: the terms marked at build time (<abbr class="yb-term" title="…">, see
//    sitegen/glossary.py) become buttons that open their plain definition right below the word;
//    phones have no hover.
// 3. Offline use: registers the service worker (sw.js, at the site root).
// 4. The checker's page script, when a form is near: only the checker page carries bridge.js as a module
//    script (docs/overrides/main.html). A region or task page has its compact form near its end; bridge.js,
//    the three modules it imports (about 18 KB) and the form it builds wait until the form's place comes within
//    a screen of the view (scrolling, a link to #check, the keyboard), not during the page's load.
// 5. Search for text that comes without a key (pasted, dictated, an IME or a suggestion), and a plain word
//    instead of a search that cannot start offline.
//
// Material's instant navigation swaps the page without running scripts again: per-page work subscribes to
// document$ (with a DOMContentLoaded fallback).

(function () {
  "use strict";

  var EASY_KEY = "yb-easy-mode";
  var root = document.documentElement;
  var script = document.currentScript;
  var siteRoot = script ? new URL("../", script.src) : new URL("/", location.href);

  // ------------------------------------------------------------------ 1. 大字版
  function stored() {
    try {
      return localStorage.getItem(EASY_KEY) === "1";
    } catch (e) {
      return false; // storage blocked: the toggle still works for this page
    }
  }

  function setEasy(on, remember) {
    root.classList.toggle("yb-easy", on);
    if (remember) {
      try {
        if (on) localStorage.setItem(EASY_KEY, "1");
        else localStorage.removeItem(EASY_KEY);
      } catch (e) {
        // not remembered; nothing else to do
      }
    }
    var buttons = document.querySelectorAll(".yb-easy-toggle");
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
  }

  setEasy(stored(), false); // the head's inline script already set the class; this syncs the button (in the HTML)

  // The button is in the header's HTML (docs/overrides/main.html, block header); it gets its action here.
  function addToggle() {
    var button = document.querySelector(".md-header__inner .yb-easy-toggle");
    if (!button || button.ybReady) return;
    button.ybReady = true;
    button.addEventListener("click", function () {
      setEasy(!root.classList.contains("yb-easy"), true);
    });
  }

  // ------------------------------------------------------------------ 2. glossary pop-ups
  var termCount = 0;

  function enhanceTerms() {
    var terms = document.querySelectorAll("abbr.yb-term:not([data-def])");
    for (var i = 0; i < terms.length; i++) {
      var term = terms[i];
      term.setAttribute("data-def", term.getAttribute("title") || "");
      term.removeAttribute("title"); // the definition opens on tap or Enter instead of a hover-only tooltip
      term.setAttribute("role", "button");
      term.setAttribute("tabindex", "0");
      term.setAttribute("aria-expanded", "false");
    }
  }

  function toggleTerm(term) {
    var id = term.getAttribute("aria-controls");
    var open = id && document.getElementById(id);
    if (open) {
      open.remove();
      term.removeAttribute("aria-controls");
      term.setAttribute("aria-expanded", "false");
      return;
    }
    var box = document.createElement("span");
    box.className = "yb-gloss";
    box.id = "yb-gloss-" + ++termCount;
    box.setAttribute("role", "note");
    var word = document.createElement("strong");
    word.textContent = term.textContent + "：";
    box.append(word, term.getAttribute("data-def"));
    term.after(box);
    term.setAttribute("aria-controls", box.id);
    term.setAttribute("aria-expanded", "true");
  }

  document.addEventListener("click", function (event) {
    var term = event.target.closest && event.target.closest("abbr.yb-term[data-def]");
    if (term) toggleTerm(term);
  });
  document.addEventListener("keydown", function (event) {
    var term = event.target.closest && event.target.closest("abbr.yb-term[data-def]");
    if (!term) return;
    var open = term.getAttribute("aria-expanded") === "true";
    if (event.key === "Enter" || event.key === " " || (event.key === "Escape" && open)) {
      event.preventDefault();
      toggleTerm(term);
    }
  });

  // ------------------------------------------------------------------ 3. offline use
  function registerServiceWorker() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    if (navigator.connection && navigator.connection.saveData) return; // 省流量: no 10 MB of pages in advance
    var sw = navigator.serviceWorker;
    var controlled = function () {
      if (!sw.controller) return;
      root.setAttribute("data-yb-offline", "ready"); // this page can be opened again without a network
      sw.controller.postMessage({ type: "yb-adopt-runtime" });
    };
    sw.addEventListener("controllerchange", controlled);
    controlled();
    sw.register(new URL("sw.js", siteRoot).href, { scope: siteRoot.pathname })
      .then(function (registration) {
        return registration.update(); // a new rules version installs now, not only when the browser next checks
      })
      .catch(function () {
        // no offline copy (private mode, storage full, update while installing): the site works as before
      });
  }

  // The offline copy (a few MB) must not compete with Pyodide while a person waits for an answer (a shared
  // link to the checker starts it during page load), nor with the answers that follow: while the checker is
  // loading (runtime.js sets data-yb-checker), wait until it is ready (at most 60 s), then until the person
  // has paused: no question and no change to a checker form for PAUSE_MS. Made 1.5 s after the checker was
  // ready, it could land on a second question asked 1 s after the first answer (that answer 47.5 ms, against
  // 31 ms with the copy made 4.5 s after; with this pause rule: median 43 ms both, the slowest 91 against 46 ms;
  // median of 8 each, interleaved).
  var PAUSE_MS = 3000;
  var USE_EVENTS = ["submit", "change", "input"];

  function whenCheckerSettled(fn) {
    var done = false, timer = 0, observer = null;
    var go = function () {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (observer) observer.disconnect();
      for (var i = 0; i < USE_EVENTS.length; i++) document.removeEventListener(USE_EVENTS[i], used, true);
      fn();
    };
    var used = function (event) {
      if (!event.target || !event.target.closest || !event.target.closest("form.yb-form")) return;
      clearTimeout(timer);
      timer = setTimeout(go, PAUSE_MS);
    };
    var check = function () {
      var state = root.getAttribute("data-yb-checker");
      if (state === "loading") return;
      clearTimeout(timer);
      if (state === "ready") {
        for (var i = 0; i < USE_EVENTS.length; i++) document.addEventListener(USE_EVENTS[i], used, true);
        timer = setTimeout(go, PAUSE_MS);
      } else {
        go();
      }
    };
    if (root.getAttribute("data-yb-checker") !== "loading") return go();
    observer = new MutationObserver(check);
    observer.observe(root, { attributes: true, attributeFilter: ["data-yb-checker"] });
    timer = setTimeout(go, 60000);
  }

  // ------------------------------------------------------------------ 4. the checker's page script, when near
  var BRIDGE_URL = new URL("javascripts/checker/bridge.js", siteRoot).href;
  var bridgeAdded = false;
  var checkerWatch = null;

  function stopWatching() {
    if (checkerWatch) checkerWatch.disconnect();
    checkerWatch = null;
  }

  function addBridge() {
    stopWatching();
    if (bridgeAdded) return;
    // From now on bridge.js mounts each page's forms itself (it follows document$). On the checker page, which
    // carries it already, this tag runs nothing again: a module runs once per document. Not looked up in <head>:
    // instant navigation copies a new page's <head> tags over without running them.
    bridgeAdded = true;
    var tag = document.createElement("script");
    tag.type = "module";
    tag.src = BRIDGE_URL;
    document.head.appendChild(tag);
  }

  function watchCheckerForms() {
    stopWatching(); // the previous page's forms are gone (instant navigation)
    if (bridgeAdded) return;
    var hosts = document.querySelectorAll(".yb-checker");
    if (!hosts.length) return;
    if (typeof IntersectionObserver !== "function") return addBridge();
    checkerWatch = new IntersectionObserver(function (entries) {
      for (var i = 0; i < entries.length; i++) if (entries[i].isIntersecting) return addBridge();
    }, { rootMargin: "100% 0px" });
    for (var i = 0; i < hosts.length; i++) checkerWatch.observe(hosts[i]);
  }

  // ------------------------------------------------------------------ 5. search
  // Material's search reads the box again on "keyup" (and on focus), not on "input": text that arrives with no
  // key event (pasted, voice input, an IME or a phone keyboard's suggestion) found nothing until the next key.
  // Each "input" now gets the "keyup" it lacks. Material searches only a value it has not searched yet, so the
  // real keyup that follows a typed key changes nothing. Not while an IME is still composing (the pinyin is not
  // the query yet): its compositionend is the input that counts.
  function searchBox(target) {
    return target && target.matches && target.matches("input.md-search__input") ? target : null;
  }

  function searchNow(event) {
    var box = searchBox(event.target);
    if (!box || (event.type === "input" && event.isComposing)) return;
    box.dispatchEvent(new KeyboardEvent("keyup"));
  }

  document.addEventListener("input", searchNow);
  document.addEventListener("compositionend", searchNow);

  // The service worker keeps the search index for offline use (sitegen/offline.py). Where it has none (省流量,
  // no offline copy made yet), Material would show 正在初始化搜索引擎 for ever: say what is going on instead.
  var SEARCH_OFFLINE = "搜索需要联网；离线时请用菜单里的“各地指南”找到您的地区。";
  var SEARCH_WAIT_MS = 3000;

  // Material's "正在初始化搜索引擎", as the page's HTML has it: this deferred script runs before Material's bundle.
  var searchMeta = document.querySelector(".md-search-result__meta");
  var searchWaiting = searchMeta ? searchMeta.textContent.trim() : "";

  document.addEventListener("focusin", function (event) {
    if (!searchBox(event.target) || navigator.onLine !== false) return;
    setTimeout(function () {
      var meta = document.querySelector(".md-search-result__meta");
      if (meta && searchWaiting && meta.textContent.trim() === searchWaiting) meta.textContent = SEARCH_OFFLINE;
    }, SEARCH_WAIT_MS);
  });

  // ------------------------------------------------------------------ per page
  function onPage() {
    addToggle();
    enhanceTerms();
    watchCheckerForms();
  }

  // Deferred, this script runs before Material's (also deferred) bundle has defined document$; both run
  // before DOMContentLoaded.
  function followInstantNavigation() {
    if (!window.document$ || !window.document$.subscribe) {
      document.addEventListener("DOMContentLoaded", followInstantNavigation, { once: true });
      return;
    }
    window.document$.subscribe(onPage);
  }

  function start() {
    onPage();
    followInstantNavigation();
    var afterLoad = function () { whenCheckerSettled(registerServiceWorker); };
    if (document.readyState === "complete") afterLoad();
    else window.addEventListener("load", afterLoad, { once: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
})();
