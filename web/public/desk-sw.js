// The check-in desk's service worker (registered by the desk page only, utils/desk-sw.ts): it
// keeps the app shell so the desk reloads with the network down. Plain script, no build step:
// the server serves it from web/dist's root under the CSP's script-src 'self'.
//  - page loads (navigations): network first; offline, the last index.html (the app routes
//    every path in the browser, so one shell serves the desk's address);
//  - /assets/*: cache first — their names carry a content hash, a name never changes content;
//  - everything else (the API above all) is left to the network: the desk keeps its own data.
// Bump VERSION to drop every cached file on the next visit (old caches go on activate).
const VERSION = 'v1'
const CACHE = `sciweek-desk-${VERSION}`
const SHELL = '/index.html'

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.add(new Request(SHELL, { cache: 'no-cache' })))
      .catch(() => {})
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith('sciweek-desk-') && n !== CACHE).map((n) => caches.delete(n))),
      )
      .then(() => self.clients.claim()),
  )
})

// The desk tells which hashed files it loaded before this worker took control.
self.addEventListener('message', (event) => {
  const urls = event.data && event.data.type === 'cache-assets' ? event.data.urls : null
  if (!Array.isArray(urls)) return
  const same = urls.filter(
    (u) => typeof u === 'string' && new URL(u, self.location.origin).pathname.startsWith('/assets/'),
  )
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => Promise.all(same.map((u) => c.match(u).then((hit) => hit || c.add(u).catch(() => {}))))),
  )
})

async function shellFirstFromNetwork(request) {
  const cache = await caches.open(CACHE)
  try {
    const res = await fetch(request)
    // Every path answers with the same shell; keep the newest for offline starts.
    if (res.ok && (res.headers.get('Content-Type') || '').includes('text/html')) await cache.put(SHELL, res.clone())
    return res
  } catch (e) {
    const hit = await cache.match(SHELL)
    if (hit) return hit
    throw e
  }
}

async function assetFromCache(request) {
  const cache = await caches.open(CACHE)
  const hit = await cache.match(request)
  if (hit) return hit
  const res = await fetch(request)
  if (res.ok) await cache.put(request, res.clone())
  return res
}

self.addEventListener('fetch', (event) => {
  const req = event.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== self.location.origin) return
  if (req.mode === 'navigate') event.respondWith(shellFirstFromNetwork(req))
  else if (url.pathname.startsWith('/assets/')) event.respondWith(assetFromCache(req))
})
