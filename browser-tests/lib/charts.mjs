// The demo variables, the seven charts (parameters and task names from fractal.js 1.4.1's chart sources) and
// what "the chart has content" means for each.

/** The variables of the demo page (handler demo_tcga_coad). */
export const DESCRIPTORS = [
  { dataType: 'categorical', field: 'gender' },
  { dataType: 'categorical', field: 'race' },
  { dataType: 'categorical', field: 'tumor_stage' },
  { dataType: 'categorical', field: 'stage_group' },
  { dataType: 'categorical', field: 'miR1269a_expression' },
  { dataType: 'numerical', field: 'year_of_birth' },
  { dataType: 'numerical', field: 'days_to_death' },
  { dataType: 'numerical_array', field: 'miRNA' }
]

/** A data reference as fractal.js's data boxes build it (no feature filter). */
export function reference (taskId) {
  return '$' + JSON.stringify({ id: taskId, filters: {} }) + '$'
}

const max = xs => xs.reduce((a, b) => Math.max(a, b), 0)

/**
 * Per chart: the analyses it runs, the parameters to set (given label → reference) and a check of the drawn
 * content (given the summary of inspect()); a check returns a list of what is wrong (empty = fine).
 */
export const CHARTS = {
  scatterplot: {
    tasks: ['compute-correlation'],
    params: r => ({ numVars: [r.year_of_birth, r.days_to_death], catVars: [r.gender] }),
    check: c => [
      max(c.images) > 100 || `the points' canvas is (nearly) empty: ${c.images}`,
      c.visible['rect.fjs-histogram'] > 0 || 'no marginal histogram bars',
      /Corr\. Coef\.: -?\d/.test(c.legend) || `legend without a coefficient: "${c.legend}"`,
      c.texts.includes('year_of_birth') || 'no x axis label year_of_birth'
    ]
  },
  boxplot: {
    tasks: ['compute-boxplot'],
    params: r => ({ numVars: [r.year_of_birth], catVars: [r.gender] }),
    check: c => [
      c.count['g.fjs-box'] >= 4 || `expected a box per gender and subset, got ${c.count['g.fjs-box']}`,
      c.visible['rect.fjs-above-median-box'] >= 4 || 'boxes have no height',
      c.visible['line.fjs-median'] >= 4 || 'no medians'
    ]
  },
  histogram: {
    tasks: ['compute-histogram'],
    params: r => ({ numVars: [r.year_of_birth], catVars: [r.gender] }),
    check: c => [
      c.visible['rect.fjs-bin'] >= 10 || `too few bins drawn: ${c.visible['rect.fjs-bin']}`,
      c.count['polyline.fjs-distribution'] >= 2 || 'no density curves'
    ]
  },
  pca: {
    tasks: ['compute-pca'],
    params: r => ({ numVars: [r.year_of_birth, r.days_to_death], catVars: [r.stage_group] }),
    check: c => [
      max(c.images) > 100 || `the points' canvas is (nearly) empty: ${c.images}`,
      c.count['line.fjs-loadings'] >= 2 || `expected a loading vector per feature, got ${c.count['line.fjs-loadings']}`,
      /Variance Ratio: \d/.test(c.texts) || 'no variance ratio in the axis titles'
    ]
  },
  survivalplot: {
    tasks: ['survival-analysis'],
    params: r => ({ durationVars: [r.days_to_death] }),
    check: c => [
      c.paths['path.fjs-estimate-path'] >= 2 || `expected a survival curve per subset, got ${c.paths['path.fjs-estimate-path']}`
    ]
  },
  heatmap: {
    tasks: ['compute-heatmap'],
    params: r => ({ numVars: [r.miRNA], maxRows: 50 }),
    check: c => [
      max(c.images) > 1000 || `the heatmap canvas is (nearly) empty: ${c.images}`,
      c.count['rect.fjs-sig-bar'] >= 10 || `too few ranked rows: ${c.count['rect.fjs-sig-bar']}`
    ]
  },
  volcanoplot: {
    tasks: ['compute-volcanoplot'],
    params: r => ({ numVars: [r.miRNA] }),
    check: c => [
      max(c.images) > 100 || `the points' canvas is (nearly) empty: ${c.images}`,
      /-log10\((P.Value|pvalue)\)/.test(c.texts) || 'no y axis label -log10(P.Value) or -log10(pvalue)'
    ]
  }
}

/** The heatmap's clustering, switched on after its first result (fractal.js then sends compute-cluster). */
export const HEATMAP_CLUSTERING = { clusterMethod: 'average', clusterMetric: 'euclidean' }

/** Problems of a chart's content summary (empty = it has content). */
export function contentProblems (name, summary) {
  const problems = CHARTS[name].check(summary).filter(x => x !== true)
  if (!summary.svg || summary.svg[0] < 100 || summary.svg[1] < 100) problems.push(`no sized SVG: ${summary.svg}`)
  if (summary.errorCover) problems.push(`the chart shows an error: ${summary.errorCover}`)
  return problems
}

/**
 * Runs in the page: a summary of what the chart inside the element with that id has drawn. Images (the charts
 * draw points and cells on a canvas and show it as a data-URL <image>) are decoded and their painted pixels
 * counted.
 */
export async function inspect (elementId) {
  const root = document.getElementById(elementId)
  if (!root) return { missing: true }
  const svg = root.querySelector('.fjs-chart > svg')
  const images = []
  for (const img of root.querySelectorAll('svg image')) {
    const href = img.getAttribute('xlink:href') || img.getAttribute('href') || ''
    if (!href.startsWith('data:image')) { images.push(0); continue }
    const im = new Image()
    im.src = href
    try { await im.decode() } catch { images.push(0); continue }
    if (!im.naturalWidth || !im.naturalHeight) { images.push(0); continue }
    const canvas = document.createElement('canvas')
    canvas.width = im.naturalWidth
    canvas.height = im.naturalHeight
    const ctx = canvas.getContext('2d')
    ctx.drawImage(im, 0, 0)
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data
    let painted = 0
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++
    images.push(painted)
  }
  const selectors = ['rect.fjs-histogram', 'g.fjs-box', 'rect.fjs-above-median-box', 'line.fjs-median', 'rect.fjs-bin',
    'polyline.fjs-distribution', 'line.fjs-loadings', 'path.fjs-estimate-path', 'rect.fjs-sig-bar']
  const count = {}
  const visible = {}
  for (const sel of selectors) {
    const els = [...root.querySelectorAll(sel)]
    count[sel] = els.length
    visible[sel] = els.filter(e => {
      const b = e.getBBox()
      return e.tagName === 'line' ? b.width > 0 || b.height > 0 : b.width > 0 && b.height > 0
    }).length
  }
  const paths = {
    'path.fjs-estimate-path': [...root.querySelectorAll('path.fjs-estimate-path')]
      .filter(p => (p.getAttribute('d') || '').length > 20).length
  }
  const cover = root.querySelector('.fjs-error-cover')
  const errorCover = cover && getComputedStyle(cover).display !== 'none' ? cover.textContent.trim() : ''
  const legend = root.querySelector('.fjs-legend')
  return {
    svg: svg ? [svg.width.baseVal.value, svg.height.baseVal.value] : null,
    images,
    count,
    visible,
    paths,
    errorCover,
    legend: legend ? legend.textContent.replace(/\s+/g, ' ').trim() : '',
    texts: svg ? [...svg.querySelectorAll('text')].map(t => t.textContent.trim()).join(' | ') : ''
  }
}
