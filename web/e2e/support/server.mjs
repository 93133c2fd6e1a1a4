// Starts the real sciweek server on a fresh SQLite database loaded with demo data, serving
// the built front end (web/dist). Port 0 + --port-file: tests never collide on a port.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
export const webDir = path.resolve(here, '..', '..')
export const repoDir = path.resolve(webDir, '..')
export const DEMO_PASSWORD = process.env.SCIWEEK_DEMO_PASSWORD || 'Demo-Passw0rd'

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

export function serverBinary() {
  return process.env.SCIWEEK_BIN || path.join(repoDir, 'build', 'sciweek')
}

// livingSeason: the demo's current season too (this year's campaign with its activities and
// reports); off by default, as most suites create this year's campaign themselves.
// serveArgs: more options for `sciweek serve` (e.g. ['--sms-provider', 'log']).
export async function startServer({ livingSeason = false, serveArgs = [] } = {}) {
  const bin = serverBinary()
  if (!existsSync(bin)) throw new Error(`server binary not found: ${bin} (build it, or set SCIWEEK_BIN)`)
  const dist = path.join(webDir, 'dist')
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`${dist}/index.html missing: run npm run build first`)

  const tmp = mkdtempSync(path.join(tmpdir(), 'sciweek-e2e-'))
  const db = `sqlite:${path.join(tmp, 't.db')}`
  const env = { ...process.env, SCIWEEK_DEMO_PASSWORD: DEMO_PASSWORD }

  const demoArgs = ['--db', db, 'demo', '--data-dir', path.join(tmp, 'data')]
  if (!livingSeason) demoArgs.push('--reference-only')
  const demo = spawnSync(bin, demoArgs, { env, encoding: 'utf8', timeout: 120_000 })
  if (demo.status !== 0) {
    rmSync(tmp, { recursive: true, force: true })
    throw new Error(`sciweek demo failed (${demo.status}): ${demo.stderr || demo.stdout}`)
  }

  const portFile = path.join(tmp, 'port')
  const log = []
  const child = spawn(
    bin,
    // --db is a global option, so it goes before the subcommand.
    [
      '--db',
      db,
      'serve',
      '--listen',
      '127.0.0.1:0',
      '--port-file',
      portFile,
      '--web-dir',
      dist,
      '--data-dir',
      path.join(tmp, 'data'),
      ...serveArgs,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  child.stdout.on('data', (d) => log.push(String(d)))
  child.stderr.on('data', (d) => log.push(String(d)))
  let exited = null
  child.on('exit', (code, signal) => (exited = { code, signal }))

  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM')
      for (let i = 0; i < 50 && exited === null; i++) await sleep(100)
      if (exited === null) child.kill('SIGKILL')
    }
    rmSync(tmp, { recursive: true, force: true })
  }

  try {
    let port = 0
    for (let i = 0; i < 300 && !port; i++) {
      if (exited) throw new Error(`server exited early ${JSON.stringify(exited)}`)
      if (existsSync(portFile)) port = Number(readFileSync(portFile, 'utf8').trim()) || 0
      if (!port) await sleep(100)
    }
    if (!port) throw new Error('server did not write its port file within 30 s')
    const baseUrl = `http://127.0.0.1:${port}`
    for (let i = 0; ; i++) {
      try {
        const r = await fetch(`${baseUrl}/healthz`)
        if (r.status === 200) break
      } catch {
        /* not listening yet */
      }
      if (i > 100) throw new Error('GET /healthz did not answer 200 within 10 s')
      await sleep(100)
    }
    return { baseUrl, stop, log }
  } catch (e) {
    await stop()
    throw new Error(`${e.message}\n--- server log ---\n${log.join('')}`)
  }
}
