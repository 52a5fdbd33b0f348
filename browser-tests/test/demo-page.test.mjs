// The demo page served by the node at /demo/: it starts, loads the demo variables with its button, and every
// chart button gives a chart with content (pre-selected variables), with no console errors or failed requests.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { ARTIFACTS, Recorder, launch, nodeUrl, waitUntil } from '../lib/browser.mjs'
import { CHARTS, contentProblems, inspect } from '../lib/charts.mjs'

const node = nodeUrl()
const TASKS = ['compute-correlation', 'compute-boxplot', 'compute-histogram', 'compute-pca', 'survival-analysis',
  'compute-heatmap', 'compute-cluster', 'compute-volcanoplot']

describe('the demo page at /demo/', () => {
  let browser, page, rec

  before(async () => {
    browser = await launch()
    page = browser.context.pages()[0] || await browser.context.newPage()
    await page.setViewportSize({ width: 1720, height: 1000 })
    rec = new Recorder(page, node)
  })

  after(async () => {
    if (browser) await browser.close()
  })

  it('redirects /demo to demo/ with a relative Location', async () => {
    const rv = await fetch(node + 'demo', { redirect: 'manual' })
    assert.equal(rv.status, 302)
    assert.equal(rv.headers.get('location'), 'demo/')
  })

  it('serves fractal.js 1.4.1 (the build fetched it with npm)', async () => {
    const rv = await fetch(node + 'demo/fractal.js', { method: 'HEAD' })
    assert.equal(rv.status, 200, 'the node was built without fractal.js: build bundles/fractalis-demo with npm on the PATH')
  })

  it('starts with the demo subsets from the node', async () => {
    await page.goto(node + 'demo/')
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 })
    const status = await page.locator('#status').textContent()
    assert.match(status, /s1 = early \(\d+ patients\), s2 = late \(\d+ patients\)/)
    assert.equal(await page.locator('#missing').isHidden(), true)
  })

  it('loads the demo variables with "Load data"', async () => {
    await page.click('#load')
    await page.locator('#status', { hasText: /^8 variables loaded/ }).waitFor({ timeout: 60_000 })
  })

  it('shows every chart with content from its button', { timeout: 240_000 }, async () => {
    const since = Date.now()
    const buttons = page.locator('#chart-buttons button')
    assert.equal(await buttons.count(), 7)
    for (let i = 0; i < 7; i++) await buttons.nth(i).click()
    for (const task of TASKS) await rec.success(task, since, 180_000)
    const sections = await page.$$eval('section.chart', els => els.map(e => ({ id: e.id, chart: e.dataset.chart })))
    assert.deepEqual(sections.map(s => s.chart).sort(), Object.keys(CHARTS).sort())
    for (const s of sections) {
      let summary = null
      await waitUntil(async () => {
        summary = await page.evaluate(inspect, s.id)
        return contentProblems(s.chart, summary).length === 0
      }, 20_000, `the ${s.chart} to draw`).catch(() => {})
      assert.deepEqual(contentProblems(s.chart, summary), [], `${s.chart}: ${JSON.stringify(summary)}`)
    }
    await waitUntil(() => page.evaluate(() => {
      const heatmap = window.demo.charts.find(c => c.name === 'heatmap').vm
      return heatmap.cluster.results.rows.length > 0
    }), 10_000, 'the heatmap to show its clusters')
    await page.mouse.move(1, 500)
    const png = await page.screenshot({ path: path.join(ARTIFACTS, 'demo-page.png'), fullPage: true })
    // a half-size copy for the documentation (docs/demo.png), scaled by the browser
    const small = await page.evaluate(async b64 => {
      const im = new Image()
      im.src = 'data:image/png;base64,' + b64
      await im.decode()
      const canvas = document.createElement('canvas')
      canvas.width = Math.round(im.naturalWidth / 2)
      canvas.height = Math.round(im.naturalHeight / 2)
      const ctx = canvas.getContext('2d')
      ctx.imageSmoothingQuality = 'high'
      ctx.drawImage(im, 0, 0, canvas.width, canvas.height)
      return canvas.toDataURL('image/png').slice('data:image/png;base64,'.length)
    }, png.toString('base64'))
    await writeFile(path.join(ARTIFACTS, 'demo-page-small.png'), Buffer.from(small, 'base64'))
  })

  it('had no console errors and no failed or non-2xx requests', async () => {
    await rec.settle()
    assert.deepEqual(rec.since(0), [])
  })

  it('says so when the node was built without fractal.js', async () => {
    const other = await browser.context.newPage()
    try {
      await other.route(/\/demo\/fractal\.js$/, route => route.fulfill({ status: 404, body: '' }))
      await other.goto(node + 'demo/')
      await other.locator('#missing').waitFor({ state: 'visible', timeout: 15_000 })
      assert.match(await other.locator('#missing').textContent(), /fractal\.js is missing/)
      assert.equal(await other.locator('#load').isDisabled(), true)
    } finally {
      await other.close()
    }
  })
})
