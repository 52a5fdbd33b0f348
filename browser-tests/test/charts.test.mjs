// fractal.js 1.4.1 on a host page of another origin than the node, driven through its public API: the demo
// variables, each of the seven charts, a re-run, deleting a variable in the data box, and clear cache.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { ARTIFACTS, Recorder, launch, nodeUrl, waitUntil } from '../lib/browser.mjs'
import { startHostServer } from '../lib/host-server.mjs'
import { CHARTS, DESCRIPTORS, HEATMAP_CLUSTERING, contentProblems, inspect, reference } from '../lib/charts.mjs'

const node = nodeUrl()
const ANALYSIS_MS = 120_000

describe('fractal.js on a cross-origin host page', () => {
  let browser, host, page, rec, subsets
  const refs = {} // label -> data reference
  const ids = {} // label -> data task id

  const tracked = () => page.evaluate(() => window.fjs.getTrackedVariables().then(r => r.data.data_states))

  /** Fails with the problems the page had since `from` (console errors, failed or non-2xx requests). */
  async function assertClean (from, what) {
    await rec.settle()
    assert.deepEqual(rec.since(from), [], `${what}: the page had problems`)
  }

  before(async () => {
    const rv = await fetch(node + 'demo/subsets.json')
    assert.equal(rv.status, 200, `GET ${node}demo/subsets.json: ${rv.status}`)
    subsets = await rv.json()
    host = await startHostServer()
    assert.notEqual(new URL(host.origin).origin, new URL(node).origin)
    browser = await launch()
    page = browser.context.pages()[0] || await browser.context.newPage()
    rec = new Recorder(page, node)
    // Init race (client contract §3): init fires GET /data and GET /misc/version without a cookie; each makes a
    // session and the cookie set last wins. Data is loaded only after both have answered.
    const firstData = page.waitForResponse(r => r.url() === node + 'data' && r.request().method() === 'GET')
    const version = page.waitForResponse(r => r.url() === node + 'misc/version')
    await page.goto(`${host.origin}/host.html?node=${encodeURIComponent(node)}`)
    await Promise.all([firstData, version])
    await page.evaluate(s => window.fjs.setSubsets(s), subsets.subsets)
  })

  after(async () => {
    if (page) await page.screenshot({ path: path.join(ARTIFACTS, 'host-page.png'), fullPage: true }).catch(() => {})
    if (browser) await browser.close()
    if (host) await host.close()
  })

  it('has the two demo subsets (early, late)', () => {
    assert.deepEqual(subsets.labels, ['early', 'late'])
    assert.equal(subsets.subsets.length, 2)
    assert.ok(subsets.subsets[0].length > 100 && subsets.subsets[1].length > 100)
  })

  it('loads the demo variables', async () => {
    const from = rec.problems.length
    const status = await page.evaluate(d => window.fjs.loadData(d).then(r => r.status), DESCRIPTORS)
    assert.ok(status >= 200 && status < 300, `POST /data answered ${status}`)
    const states = await waitUntil(async () => {
      const s = await tracked()
      return s.length === DESCRIPTORS.length && s.every(d => d.etl_state !== 'SUBMITTED') ? s : false
    }, 60_000, 'every variable to load')
    for (const d of states) {
      assert.equal(d.etl_state, 'SUCCESS', `${d.label}: ${d.etl_message}`)
      ids[d.label] = d.task_id
      refs[d.label] = reference(d.task_id)
    }
    assert.deepEqual(Object.keys(ids).sort(), DESCRIPTORS.map(d => d.field).sort())
    await assertClean(from, 'loading data')
  })

  for (const name of Object.keys(CHARTS)) {
    it(`renders the ${name}`, { timeout: ANALYSIS_MS + 60_000 }, async () => {
      assert.ok(Object.keys(refs).length, 'the variables were not loaded')
      const spec = CHARTS[name]
      const from = rec.problems.length
      const since = Date.now()
      const elementId = await page.evaluate(n => window.addChart(n), name)
      await page.evaluate(({ n, p }) => window.fjs.setChartParameters(window.charts[n], p), { n: name, p: spec.params(refs) })
      for (const task of spec.tasks) {
        await rec.success(task, since, ANALYSIS_MS)
        await waitUntil(() => page.evaluate(({ n, t }) => {
          const task = window.charts[n].$data.__tasks[t]
          return task && task.state === 'SUCCESS'
        }, { n: name, t: task }), 10_000, `the ${name} chart to take the ${task} result`)
      }
      if (name === 'heatmap') {
        const clusterSince = Date.now()
        await page.evaluate(p => window.fjs.setChartParameters(window.charts.heatmap, p), HEATMAP_CLUSTERING)
        const cluster = await rec.success('compute-cluster', clusterSince, ANALYSIS_MS)
        assert.ok(Object.keys(cluster.args.df).length > 100, 'compute-cluster was sent without the z-score matrix')
        await waitUntil(() => page.evaluate(() => {
          const r = window.charts.heatmap.cluster.results
          return r.rows.length === 50 && r.cols.length > 100
        }), 10_000, 'the heatmap to take the clusters')
      }
      let summary = null
      try {
        await waitUntil(async () => {
          summary = await page.evaluate(inspect, elementId)
          return contentProblems(name, summary).length === 0
        }, 15_000, `the ${name} to draw`).catch(() => {}) // the assertion below says what is missing
      } finally {
        await page.locator('#' + elementId).screenshot({ path: path.join(ARTIFACTS, `${name}.png`) }).catch(() => {})
      }
      assert.deepEqual(contentProblems(name, summary), [], JSON.stringify(summary))
      await assertClean(from, name)
    })
  }

  it('re-runs a chart: the front-end cancels the previous task', async () => {
    const from = rec.problems.length
    const previous = rec.tasksNamed('compute-correlation').at(-1)
    assert.ok(previous, 'the scatterplot has not run')
    const since = Date.now()
    await page.evaluate(() => window.fjs.setChartParameters(window.charts.scatterplot, { method: 'spearman' }))
    const next = await rec.success('compute-correlation', since, ANALYSIS_MS)
    assert.notEqual(next.id, previous.id)
    assert.equal(next.args.method, 'spearman')
    assert.equal(JSON.parse(next.result).method, 'spearman')
    await waitUntil(() => rec.task(previous.id).cancelled !== null, 10_000, 'DELETE /analytics/<previous id>')
    assert.equal(rec.task(previous.id).cancelled, 200)
    await waitUntil(async () => {
      const s = await page.evaluate(inspect, 'chart-scatterplot')
      return contentProblems('scatterplot', s).length === 0
    }, 15_000, 'the scatterplot to draw again')
    await assertClean(from, 're-run')
  })

  // A new chart: switching an existing volcano plot from limma to DESeq2 makes fractal.js 1.4.1 itself throw
  // TypeErrors (it draws the old limma result with the DESeq2 column names until the new result arrives).
  it('renders a volcano plot with DESeq2', { timeout: ANALYSIS_MS + 30_000 }, async () => {
    const from = rec.problems.length
    const since = Date.now()
    const elementId = await page.evaluate(() => window.addChart('volcanoplot', 'deseq2'))
    await page.evaluate(p => window.fjs.setChartParameters(window.charts.deseq2, p),
      { numVars: [refs.miRNA], rankingMethod: 'DESeq2' })
    const task = await rec.success('compute-volcanoplot', since, ANALYSIS_MS)
    assert.equal(task.args.ranking_method, 'DESeq2')
    const stats = JSON.parse(task.result).stats
    assert.equal(stats.feature.length, 300)
    for (const col of ['log2FoldChange', 'pvalue', 'baseMean', 'lfcSE', 'stat', 'padj']) {
      assert.equal(stats[col].length, 300, col)
    }
    let summary = null
    await waitUntil(async () => {
      summary = await page.evaluate(inspect, elementId)
      return summary.texts.includes('-log10(pvalue)') && Math.max(...summary.images) > 100
    }, 15_000, 'the DESeq2 volcano plot to draw').catch(() => {})
    await page.locator('#' + elementId).screenshot({ path: path.join(ARTIFACTS, 'volcanoplot-deseq2.png') })
    assert.ok(summary.texts.includes('-log10(pvalue)'), summary.texts)
    assert.ok(Math.max(...summary.images) > 100, `empty canvas: ${summary.images}`)
    await assertClean(from, 'DESeq2 volcano plot')
  })

  it('deletes a variable from the data box', async () => {
    const from = rec.problems.length
    const raceId = ids.race
    // Focus the boxplot's control panel (as a mousedown on the chart does), open it, and use its data box.
    await page.evaluate(() => window.charts.boxplot.$el.dispatchEvent(new MouseEvent('mousedown', { bubbles: true })))
    const panel = page.locator('#chart-boxplot .fjs-control-panel')
    await panel.hover()
    await panel.locator('.fjs-panel-content').waitFor({ state: 'visible' })
    const item = panel.locator('.fjs-item').filter({ has: page.locator('.fjs-item-label', { hasText: /^\s*race\s*$/ }) })
    await item.locator('.fjs-item-options').click()
    const deleted = page.waitForResponse(r => r.request().method() === 'DELETE' && r.url() === `${node}data/${raceId}`)
    await item.locator('i.material-icons', { hasText: 'delete' }).click()
    assert.equal((await deleted).status(), 200)
    await waitUntil(async () => !(await tracked()).some(d => d.task_id === raceId), 10_000, 'race to leave GET /data')
    await waitUntil(() => page.evaluate(() => ![...document.querySelectorAll('.fjs-item-label')]
      .some(l => l.textContent.trim() === 'race')), 10_000, 'race to leave every data box')
    assert.equal((await tracked()).length, DESCRIPTORS.length - 1)
    await page.mouse.move(10, 10)
    await assertClean(from, 'delete in the data box')
  })

  it('clears the cache', async () => {
    const from = rec.problems.length
    const status = await page.evaluate(() => window.fjs.clearCache().then(r => r.status))
    assert.equal(status, 200)
    await waitUntil(async () => (await tracked()).length === 0, 10_000, 'GET /data to be empty')
    await waitUntil(() => page.evaluate(() => document.querySelectorAll('.fjs-item').length === 0), 10_000,
      'the data boxes to be empty')
    await assertClean(from, 'clear cache')
  })

  it('had no console errors and no failed or non-2xx requests at all', async () => {
    await assertClean(0, 'the whole session')
    const toNode = rec.requests.filter(r => r.url.startsWith(node))
    assert.ok(toNode.length > 20, 'the page hardly talked to the node')
  })
})
