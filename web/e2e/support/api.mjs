// Calls to the API from inside a logged-in page (same cookie, CSRF token from GET /me):
// for setting up data the test is not about, and for checking what the server stored.
export async function apiCall(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = await fetch('/api/v1/me').then((r) => r.json())
      const headers = { Accept: 'application/json', 'X-CSRF-Token': me.csrf_token }
      let payload
      if (body !== undefined) {
        headers['Content-Type'] = 'application/json'
        payload = JSON.stringify(body)
      }
      const r = await fetch(path.startsWith('/') ? path : `/api/v1/${path}`, { method, headers, body: payload })
      const text = await r.text()
      let json = null
      try {
        json = text ? JSON.parse(text) : null
      } catch {
        json = text
      }
      return { status: r.status, body: json }
    },
    { method, path, body },
  )
}

/** Today's date and year in Beijing, whatever zone the test machine is in. */
export function beijingToday(now = Date.now()) {
  const d = new Date(now + 8 * 3600 * 1000)
  const iso = d.toISOString().slice(0, 10)
  return { date: iso, year: d.getUTCFullYear() }
}

export function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}
