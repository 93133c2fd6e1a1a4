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

/** This year's campaign created (or found) and opened for `start`..`end`, through the API of a
 *  logged-in admin page: setting up the week a test is not about. */
export async function openCampaign(page, { year, start, end }) {
  const c = await apiCall(page, 'POST', 'campaigns', {
    year,
    edition: year - 1994,
    name: `${year}年北京科技周`,
    theme: '科技创新 美好生活',
    start_date: start,
    end_date: end,
    report_deadline: `${addDays(start, 30)}T18:00:00+08:00`,
    contacts: [],
    contact_email: null,
    mailing_address: null,
  })
  if (![201, 409].includes(c.status)) throw new Error(`creating campaign ${year}: ${JSON.stringify(c.body)}`)
  const cur = await apiCall(page, 'GET', `campaigns/${year}`)
  const open = await apiCall(page, 'PUT', `campaigns/${year}`, { ...cur.body, status: 'open' })
  if (open.status !== 200) throw new Error(`opening campaign ${year}: ${JSON.stringify(open.body)}`)
}
