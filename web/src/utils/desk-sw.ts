// Registers the desk's service worker (public/desk-sw.js) — from the desk page only: the rest of
// the app needs the network anyway and gains nothing from a worker. Its scope is the whole site
// because the desk's address (/checkin/desk) must be served from the cache when offline.

/** The hashed files this page has loaded so far (scripts, styles, fonts of the desk). */
function loadedAssets(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((u) => u.startsWith(`${location.origin}/assets/`))
}

export async function registerDeskWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return
  try {
    await navigator.serviceWorker.register('/desk-sw.js', { scope: '/' })
    const reg = await navigator.serviceWorker.ready
    // What loaded before the worker took control is not in its cache yet: hand it the list.
    reg.active?.postMessage({ type: 'cache-assets', urls: loadedAssets() })
  } catch (e) {
    // The desk works online without it; only an offline reload would fail.
    console.warn('离线缓存未启用', e)
  }
}
