// The site's service worker: the guide works offline after the first visit, the checker after the first check.
//
// sitegen/offline.py fills in the three constants below at build time:
//   VERSION   the rules bundle's data_version + a hash of every precached file: any change, a new version
//   PRECACHE  every page (directory URLs) and file the guide needs, the rules bundle included
//   RUNTIME   the files of the in-page checker (Pyodide, the checker wheel): cached once they have been used
// A new version installs beside the old one, then deletes the old caches, so a rules update reaches people
// on their next visit. Pages and data are network-first (fresh when online, the saved copy when offline);
// the theme's files are cache-first; Pyodide and the checker live under versioned paths and are cache-first.
// Only this site's own GET requests are handled; nothing is sent anywhere.

const VERSION = "dev";
const PRECACHE = [];
const RUNTIME = [];

const SCOPE = self.registration.scope;
const PAGES = `yb-pages-${VERSION}`;
const RUNTIME_CACHE = "yb-runtime"; // kept across versions: Pyodide only changes when its path does
const RUNTIME_PREFIXES = ["assets/pyodide/", "assets/checker/"].map((p) => new URL(p, SCOPE).href);
const FRESH = /(\/|\.html|\.json|\.xml)$/; // pages, the rules bundle, the feed, the sitemap, the search index
const NETWORK_WAIT_MS = 4000; // a page waits this long for the network before the saved copy is shown

const OFFLINE_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>离线</title>
<h1>您现在没有联网</h1><p>这一页还没有保存到本机。联网后再打开一次，以后离线也能看。</p>
<p><a href="${SCOPE}">回到首页</a></p></html>`;

const isRuntime = (url) => RUNTIME_PREFIXES.some((prefix) => url.startsWith(prefix));
// Only the runtime files the build lists are kept here; others under those paths (the memory snapshot, which the
// checker keeps in OPFS: sitegen/offline.py) are left to the browser.
const RUNTIME_URLS = new Set(RUNTIME.map((path) => new URL(path, SCOPE).href));
const pageKey = (url) => url.split("?")[0].split("#")[0];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(PAGES);
    // cache: "reload" so that a new version never precaches a stale copy from the HTTP cache
    await cache.addAll(PRECACHE.map((path) => new Request(new URL(path, SCOPE), { cache: "reload" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("yb-") && name !== PAGES && name !== RUNTIME_CACHE) await caches.delete(name);
    }
    const runtime = await caches.open(RUNTIME_CACHE);
    for (const request of await runtime.keys()) {
      if (!RUNTIME_URLS.has(request.url)) await runtime.delete(request); // an older Pyodide or checker
    }
    // The page's request starts while this worker is still starting up (a repeat visit: 903 -> 875.5 ms to
    // a shared link's answer, median of 6, interleaved; the same as with no service worker at all, 874 ms).
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    await self.clients.claim();
    await adoptRuntime();
  })());
});

// A check run before this worker took control (the very first visit) downloaded Pyodide without it: keep
// those files if the browser still has them (only-if-cached: never a download nobody asked for).
async function adoptRuntime() {
  const runtime = await caches.open(RUNTIME_CACHE);
  for (const path of RUNTIME) {
    const url = new URL(path, SCOPE).href;
    if (await runtime.match(url)) continue;
    try {
      const response = await fetch(url, { cache: "only-if-cached", mode: "same-origin" });
      if (response.ok) await runtime.put(url, response);
    } catch {
      // not in the HTTP cache: it will be cached when the checker is used
    }
  }
  // The checker's pages can now have Pyodide's JavaScript compiled once from this cache, so that the browser
  // keeps the compiled code for the next visit (runtime.js, compileForNextVisit).
  for (const client of await self.clients.matchAll()) client.postMessage({ type: "yb-runtime-cached" });
}

self.addEventListener("message", (event) => {
  if (event.data?.type === "yb-adopt-runtime") event.waitUntil(adoptRuntime());
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  if (isRuntime(request.url)) {
    if (RUNTIME_URLS.has(pageKey(request.url))) event.respondWith(cacheFirst(event, RUNTIME_CACHE));
  } else if (request.mode === "navigate" || FRESH.test(pageKey(request.url))) {
    event.respondWith(networkFirst(event));
  } else {
    event.respondWith(cacheFirst(event, PAGES));
  }
});

async function cacheFirst(event, cacheName) {
  const cached = await caches.match(event.request, { cacheName });
  if (cached) return cached;
  const response = await fetch(event.request);
  if (response.ok && response.status === 200) {
    const copy = response.clone();
    event.waitUntil(caches.open(cacheName).then((cache) => cache.put(event.request, copy)));
  }
  return response;
}

async function networkFirst(event) {
  const key = pageKey(event.request.url);
  const preloaded = event.request.mode === "navigate" ? event.preloadResponse : undefined;
  const network = Promise.resolve(preloaded).then((response) => response || fetch(event.request)).then((response) => {
    if (response.ok && response.status === 200 && !response.redirected) {
      const copy = response.clone();
      return caches.open(PAGES).then((cache) => cache.put(key, copy)).then(() => response);
    }
    return response;
  });
  event.waitUntil(network.catch(() => {}));
  const saved = () => caches.match(key, { ignoreSearch: true });
  const timeout = new Promise((resolve) => setTimeout(resolve, NETWORK_WAIT_MS));
  try {
    const first = await Promise.race([network, timeout.then(saved)]);
    if (first) return first;
    return await network; // nothing saved: keep waiting for the network
  } catch {
    const cached = await saved();
    if (cached) return cached;
    if (event.request.mode === "navigate") {
      return new Response(OFFLINE_PAGE, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    }
    return Response.error();
  }
}
