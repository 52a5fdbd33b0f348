// Headless Chromium (Debian's) through playwright-core, and a recorder of everything the page does wrong.
import { chromium } from 'playwright-core'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

export const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts')

/** The node under test, with a trailing slash (run.sh sets FRACTALIS_NODE). */
export function nodeUrl () {
  const url = process.env.FRACTALIS_NODE
  if (!url) throw new Error('FRACTALIS_NODE is not set: run the tests through browser-tests/run.sh')
  return url.endsWith('/') ? url : url + '/'
}

/** Launches Chromium with a fresh profile; resolves to {browser, close()}. */
export async function launch () {
  await mkdir(ARTIFACTS, { recursive: true })
  const profile = await mkdtemp(path.join(tmpdir(), 'fractalis-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 60_000,
    viewport: { width: 1400, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']
  })
  context.setDefaultTimeout(30_000)
  return {
    context,
    close: async () => {
      await context.close().catch(() => {})
      await rm(profile, { recursive: true, force: true })
    }
  }
}

/** Waits until fn() is truthy (polling), at most timeoutMs; fails with what it waited for. */
export async function waitUntil (fn, timeoutMs, what) {
  const end = Date.now() + timeoutMs
  let last
  for (;;) {
    last = await fn()
    if (last) return last
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

/**
 * Records, for one page: console errors, page errors (uncaught exceptions and rejections), failed requests and
 * responses that are not 2xx; and, for the node's analytics API, every task: its name, args, the states its
 * polls returned, its result, and whether it was cancelled.
 */
export class Recorder {
  constructor (page, node) {
    this.node = node
    this.problems = []
    this.console = []
    this.tasks = new Map() // task id -> {id, name, args, states: [], result, cancelled: status|null, created}
    this.requests = [] // {method, url, status}
    this.pending = new Set()
    page.on('console', msg => {
      this.console.push(`${msg.type()}: ${msg.text()}`)
      if (msg.type() === 'error') this.problems.push(`console error: ${msg.text()}`)
      if (msg.type() === 'warning' && /Fractalis backend is version/.test(msg.text())) {
        this.problems.push(`console warning: ${msg.text()}`)
      }
    })
    page.on('pageerror', err => this.problems.push(`page error: ${err.message}`))
    page.on('requestfailed', req => {
      this.problems.push(`request failed: ${req.method()} ${req.url()} (${req.failure()?.errorText})`)
    })
    page.on('response', res => {
      const p = this.onResponse(res).catch(e => this.problems.push(`recorder: ${res.url()}: ${e.message}`))
      this.pending.add(p)
      p.finally(() => this.pending.delete(p))
    })
  }

  async onResponse (res) {
    const req = res.request()
    const status = res.status()
    const method = req.method()
    const url = res.url()
    this.requests.push({ method, url, status })
    if (status < 200 || status > 299) {
      let body = ''
      try { body = (await res.text()).slice(0, 500) } catch { /* no body */ }
      this.problems.push(`HTTP ${status}: ${method} ${url} ${body}`)
      return
    }
    if (!url.startsWith(this.node)) return
    const route = url.slice(this.node.length).replace(/^\/+/, '')
    if (method === 'POST' && route === 'analytics') {
      const sent = req.postDataJSON()
      const { task_id: id } = await res.json()
      const task = this.task(id)
      Object.assign(task, { name: sent.task_name, args: sent.args, created: Date.now() })
    } else if (method === 'GET' && route.startsWith('analytics/')) {
      const body = await res.json()
      const task = this.task(route.slice('analytics/'.length))
      task.states.push(body.state)
      if (body.state === 'SUCCESS' || body.state === 'FAILURE') task.result = body.result
    } else if (method === 'DELETE' && route.startsWith('analytics/')) {
      this.task(route.slice('analytics/'.length)).cancelled = status
    }
  }

  task (id) {
    if (!this.tasks.has(id)) this.tasks.set(id, { id, name: null, args: null, states: [], result: null, cancelled: null, created: 0 })
    return this.tasks.get(id)
  }

  /** Waits until the responses seen so far have been recorded. */
  async settle () {
    while (this.pending.size) await Promise.allSettled([...this.pending])
  }

  /** Tasks of that name, oldest first, created after `since` (ms). */
  tasksNamed (name, since = 0) {
    return [...this.tasks.values()].filter(t => t.name === name && t.created >= since).sort((a, b) => a.created - b.created)
  }

  /**
   * Waits for the newest task of that name (created after `since`) to reach SUCCESS and returns it. A FAILURE ends
   * the wait at once with everything the front-end sent and got.
   */
  async success (name, since, timeoutMs) {
    return waitUntil(() => {
      const tasks = this.tasksNamed(name, since)
      const t = tasks[tasks.length - 1]
      if (!t) return false
      const last = t.states[t.states.length - 1]
      if (last === 'FAILURE') {
        throw new Error(`${name} FAILED: ${t.result}\n  args sent: ${JSON.stringify(t.args).slice(0, 1000)}\n  ` +
          `console: ${this.console.slice(-5).join(' | ')}`)
      }
      return last === 'SUCCESS' ? t : false
    }, timeoutMs, `${name} to reach SUCCESS`)
  }

  /** Problems recorded since index `from` (see problems.length), as text. */
  since (from) {
    return this.problems.slice(from)
  }
}
