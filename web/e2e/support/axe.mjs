// axe-core in the real browser: serious and critical WCAG 2.0/2.1 A and AA violations of the
// page as it is now (colour contrast included). Pages that run it need `AXE` (the server's CSP
// allows only its own scripts; the injected axe-core needs the bypass).
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { settle } from './browser.mjs'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
export const AXE = { bypassCSP: true }
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** Serious and critical WCAG A/AA violations on the page as it is now, one line per node. */
export async function axeViolations(page) {
  await settle(page)
  // Element Plus animates dialogs, tabs and skeletons in; let transitions end so colours are final.
  await page.waitForTimeout(400)
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath })
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_TAGS,
  )
  // Guard against a silent no-op: the contrast rule must have looked at the page.
  const ran = [...results.passes, ...results.incomplete, ...results.violations].map((r) => r.id)
  assert.ok(ran.includes('color-contrast'), `axe did not check colour contrast on ${page.url()}`)
  const lines = []
  for (const v of results.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue
    for (const n of v.nodes)
      lines.push(`${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.replace(/\s+/g, ' ')}`)
  }
  return lines
}
