/*
 * The Fractalis demo page: fractal.js 1.4.1 against the node that serves this page.
 * It is also an example of the front-end's public API: fractalis.init, loadData, setSubsets, setChart,
 * setChartParameters, getTrackedVariables, clearCache, removeAllCharts.
 */
(function () {
  'use strict'

  // The node is the parent of this page's folder (…/demo/ → …/), so the page also works when the node sits
  // behind a reverse proxy under a path prefix.
  var NODE = new URL('../', window.location.href).href
  var HANDLER = 'demo_tcga_coad'

  // The variables of the original demo page, plus stage_group (early/late, the subsets as a category).
  var DESCRIPTORS = [
    {dataType: 'categorical', field: 'gender'},
    {dataType: 'categorical', field: 'race'},
    {dataType: 'categorical', field: 'tumor_stage'},
    {dataType: 'categorical', field: 'stage_group'},
    {dataType: 'categorical', field: 'miR1269a_expression'},
    {dataType: 'numerical', field: 'year_of_birth'},
    {dataType: 'numerical', field: 'days_to_death'},
    {dataType: 'numerical_array', field: 'miRNA'}
  ]

  // What "pre-select variables" puts into each chart: parameter name → variable labels (or a plain value).
  var PRESETS = {
    scatterplot: {numVars: ['year_of_birth', 'days_to_death'], catVars: ['gender']},
    boxplot: {numVars: ['year_of_birth'], catVars: ['gender']},
    histogram: {numVars: ['year_of_birth'], catVars: ['gender']},
    pca: {numVars: ['miRNA', 'year_of_birth'], catVars: ['stage_group']},
    survivalplot: {durationVars: ['days_to_death']},
    // the miRNA values are counts: rank the heatmap by limma's t, and run the volcano plot with DESeq2
    heatmap: {numVars: ['miRNA'], rankingMethod: 't', maxRows: 60},
    volcanoplot: {numVars: ['miRNA'], rankingMethod: 'DESeq2'}
  }
  // Clustering is switched on once the heatmap has its first result: set earlier, fractal.js would also
  // send a compute-cluster request for the still empty matrix.
  var HEATMAP_CLUSTERING = {clusterMethod: 'average', clusterMetric: 'euclidean'}

  var $ = function (sel) { return document.querySelector(sel) }
  var statusEl = $('#status')
  var fjs = null
  var chartCount = 0
  var charts = []

  function status (text, isError) {
    statusEl.textContent = text
    statusEl.classList.toggle('error', !!isError)
  }

  function enable (on) {
    document.querySelectorAll('.toolbar button').forEach(function (b) { b.disabled = !on })
  }

  function sleep (ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms) })
  }

  /** The data reference fractal.js's data boxes produce: $<JSON {id, filters}>$ (no feature filter). */
  function reference (taskId) {
    return '$' + JSON.stringify({id: taskId, filters: {}}) + '$'
  }

  /** label → task id of the variables that loaded successfully in this session. */
  async function loadedVariables () {
    var rv = await fjs.getTrackedVariables()
    var byLabel = {}
    rv.data.data_states.forEach(function (d) {
      if (d.etl_state === 'SUCCESS') byLabel[d.label] = d.task_id
    })
    return {byLabel: byLabel, states: rv.data.data_states}
  }

  async function loadData () {
    status('Loading the demo variables…')
    await fjs.loadData(DESCRIPTORS)
    // Bounded wait until every variable has left SUBMITTED (the data boxes update on their own as well).
    for (var i = 0; i < 120; i++) {
      var states = (await loadedVariables()).states
      var pending = states.filter(function (d) { return d.etl_state === 'SUBMITTED' }).length
      var failed = states.filter(function (d) { return d.etl_state === 'FAILURE' })
      if (!pending) {
        if (failed.length) {
          status('Loaded ' + (states.length - failed.length) + ' variables; failed: ' +
            failed.map(function (d) { return d.label + ' (' + d.etl_message + ')' }).join(', '), true)
        } else {
          status(states.length + ' variables loaded. Add charts with the buttons above.')
        }
        return
      }
      status('Loading the demo variables… (' + pending + ' of ' + states.length + ' still running)')
      await sleep(500)
    }
    status('The variables are still loading; the charts\' data boxes will show them when they are ready.')
  }

  async function preselect (name, vm) {
    var preset = PRESETS[name]
    var vars = (await loadedVariables()).byLabel
    var missing = []
    var params = {}
    Object.keys(preset).forEach(function (key) {
      var value = preset[key]
      if (Array.isArray(value)) {
        value.forEach(function (label) { if (!vars[label]) missing.push(label) })
        value = value.map(function (label) { return reference(vars[label]) })
      }
      params[key] = value
    })
    if (missing.length) {
      status('Load data first: ' + missing.join(', ') + ' not loaded. Pick the variables in the chart\'s control panel instead.', true)
      return
    }
    fjs.setChartParameters(vm, params)
    if (name === 'heatmap') {
      var unwatch = vm.$watch('results', function () {
        unwatch()
        fjs.setChartParameters(vm, HEATMAP_CLUSTERING)
      })
    }
  }

  function addChart (name, title) {
    chartCount += 1
    var section = document.createElement('section')
    section.className = 'chart'
    section.id = 'chart-' + chartCount
    section.dataset.chart = name
    var h = document.createElement('h2')
    h.textContent = title
    var body = document.createElement('div')
    body.className = 'chart-body'
    section.appendChild(h)
    section.appendChild(body)
    $('#charts').appendChild(section)
    var vm = fjs.setChart(name, '#' + section.id + ' .chart-body')
    charts.push({name: name, vm: vm, element: section})
    if ($('#preselect').checked) {
      preselect(name, vm).catch(function (e) { status('Could not pre-select variables: ' + e.message, true) })
    }
    return vm
  }

  function removeCharts () {
    fjs.removeAllCharts()
    charts.forEach(function (c) { c.element.remove() })
    charts = []
  }

  async function clearCache () {
    await fjs.clearCache()
    status('Cache cleared: the variables of this session were deleted. "Load data" loads them again.')
  }

  function guard (fn) {
    return function () {
      var args = arguments
      Promise.resolve().then(function () { return fn.apply(null, args) }).catch(function (e) {
        status(e && e.message ? e.message : String(e), true)
      })
    }
  }

  async function start () {
    if (typeof window.fractalis === 'undefined' || typeof window.fractalis.init !== 'function') {
      $('#missing').hidden = false
      status('fractal.js is missing on this node.', true)
      return
    }
    // Init race (client contract §3): fractal.js fires GET /data and GET /misc/version at once on init; both
    // would create a session without a cookie. This first GET /data gives the browser the session cookie
    // before fractal.js starts, so all of its requests share one session.
    status('Connecting to ' + NODE + '…')
    var first = await fetch(NODE + 'data', {credentials: 'include'})
    if (!first.ok) throw new Error('GET ' + NODE + 'data answered ' + first.status)

    fjs = window.fractalis.init({
      handler: HANDLER,
      dataSource: window.location.origin, // the demo connector ignores it
      fractalisNode: NODE,
      getAuth: function () { return {token: ''} },
      options: {controlPanelPosition: 'right', controlPanelExpanded: false}
    })

    var rv = await fetch('subsets.json')
    if (!rv.ok) throw new Error('The demo subsets are not available: ' + (await rv.text()))
    var subsets = await rv.json()
    fjs.setSubsets(subsets.subsets)

    window.demo = {fjs: fjs, node: NODE, subsets: subsets, charts: charts, addChart: addChart,
      loadData: loadData, removeCharts: removeCharts, clearCache: clearCache}

    $('#load').addEventListener('click', guard(loadData))
    document.querySelectorAll('#chart-buttons button').forEach(function (b) {
      b.addEventListener('click', guard(function () { addChart(b.dataset.chart, b.textContent) }))
    })
    $('#remove-charts').addEventListener('click', guard(removeCharts))
    $('#clear').addEventListener('click', guard(clearCache))
    enable(true)
    status('Ready. Subsets: s1 = ' + subsets.labels[0] + ' (' + subsets.subsets[0].length + ' patients), s2 = ' +
      subsets.labels[1] + ' (' + subsets.subsets[1].length + ' patients). Press "Load data".')
    document.body.dataset.ready = 'true'
  }

  start().catch(function (e) { status('The demo could not start: ' + (e && e.message ? e.message : e), true) })
})()
