// Drives every operation of docs/openapi.json through Prism's validating proxy (.ci/prism.sh) as a browser page on a
// loopback origin would: loads with the test handler, all eight analytics tasks, saved states, deletes, preflights,
// and the refusals a valid request can get (unknown handler or task, foreign ids, foreign origin, unknown state).
// Prism runs with --errors, so a request or response that violates the document comes back as
// application/problem+json (and an sl-violations header); the node itself never answers that type.
// Usage: node flow.mjs http://127.0.0.1:<prism port>   Prints a JSON summary; exit 1 on any violation or surprise.

const base = process.argv[2].replace(/\/$/, '');
const ORIGIN = 'http://127.0.0.1:1';
const started = Date.now();
let requests = 0;
const violations = [];
const surprises = [];
const seen = new Map(); // "METHOD /template" -> Set of statuses

class Browser {
  constructor(origin = ORIGIN) {
    this.origin = origin;
    this.cookie = null;
  }

  async call(method, path, template, body, extraHeaders = {}) {
    const headers = { Accept: 'application/json, text/plain, */*', ...extraHeaders };
    if (this.origin) headers.Origin = this.origin;
    if (this.cookie) headers.Cookie = this.cookie;
    if (body !== undefined) headers['Content-Type'] = 'application/json;charset=utf-8';
    requests++;
    const r = await fetch(base + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await r.text();
    const setCookie = r.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const type = r.headers.get('content-type') || '';
    const key = `${method} ${template}`;
    if (!seen.has(key)) seen.set(key, new Set());
    seen.get(key).add(r.status);
    if (type.startsWith('application/problem+json') || r.headers.get('sl-violations')) {
      violations.push({ request: `${method} ${path}`, status: r.status,
        violations: r.headers.get('sl-violations') || text.slice(0, 2000) });
    }
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: a preflight */ }
    return { status: r.status, json, text, headers: r.headers };
  }

  expect(what, reply, status) {
    if (reply.status !== status) surprises.push(`${what}: ${reply.status} (expected ${status}) ${reply.text.slice(0, 300)}`);
    return reply;
  }
}

const ref = (id) => `$${JSON.stringify({ id, filters: {} })}$`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ids = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'];
const rows = (label, kind, values) => ({ data_type: kind, label,
  rows: ids.map((id, i) => ({ id, feature: label, value: values[i] })) });
const array = {
  data_type: 'numerical_array', label: 'genes',
  rows: ['g1', 'g2', 'g3', 'g4', 'g5'].flatMap((g, j) => ids.map((id, i) => ({
    id, feature: g, value: 5 + j + (i < 4 ? 0 : 1.5 * (j % 2)) + ((i * 7 + j * 3) % 5) / 10 }))),
};

async function until(what, fn, seconds = 120) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) { surprises.push(`${what}: not within ${seconds} s`); return null; }
    await sleep(200);
  }
}

async function main() {
  const b = new Browser();
  const id0 = '00000000-0000-4000-8000-000000000000';
  b.expect('openapi', await b.call('GET', '/openapi.json', '/openapi.json'), 200);
  b.expect('version', await b.call('GET', '/misc/version', '/misc/version'), 201);
  b.expect('plugins', await b.call('GET', '/misc/plugins', '/misc/plugins'), 200);
  b.expect('live', await b.call('GET', '/health/live', '/health/live'), 200);
  b.expect('ready', await b.call('GET', '/health/ready', '/health/ready'), 200);
  const pre = { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' };
  for (const [path, template] of [['/data', '/data'], [`/data/${id0}`, '/data/{id}'],
    [`/data/meta/${id0}`, '/data/meta/{id}'], ['/analytics', '/analytics'], [`/analytics/${id0}`, '/analytics/{id}'],
    ['/state', '/state'], [`/state/${id0}`, '/state/{id}'], ['/misc/version', '/misc/version'],
    ['/misc/plugins', '/misc/plugins']]) {
    b.expect(`preflight ${path}`, await b.call('OPTIONS', path, template, undefined, pre), 200);
  }
  const foreign = new Browser('https://elsewhere.example');
  foreign.expect('foreign preflight', await foreign.call('OPTIONS', '/data', '/data', undefined, pre), 403);
  foreign.expect('foreign POST', await foreign.call('POST', '/analytics', '/analytics',
    { task_name: 'compute-pca', args: { a: 1 } }), 403);

  b.expect('empty list', await b.call('GET', '/data', '/data'), 200);
  const load = { handler: 'test', server: 'http://test', auth: { token: 't' }, descriptors: [
    rows('x', 'numerical', [1, 2, 4, 3.5, 6, 5, 8, 7.5]),
    rows('y', 'numerical', [2, 3, 7, 5, 6.5, 9, 10, 12]),
    rows('months', 'numerical', [3, 5, 8, 13, 2, 7, 11, 17]),
    rows('c', 'categorical', ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']),
    array] };
  b.expect('load', await b.call('POST', '/data', '/data', load), 201);
  const states = await until('loads', async () => {
    const r = await b.call('GET', '/data', '/data');
    const s = r.json?.data_states || [];
    return s.length === 5 && s.every((d) => d.etl_state !== 'SUBMITTED') ? s : null;
  });
  const byLabel = Object.fromEntries((states || []).map((s) => [s.label, s.task_id]));
  for (const s of states || []) {
    if (s.etl_state !== 'SUCCESS') surprises.push(`load ${s.label}: ${s.etl_state} ${s.etl_message}`);
  }
  b.expect('meta', await b.call('GET', `/data/meta/${byLabel.x}`, '/data/meta/{id}'), 200);

  const subsets = [['p1', 'p2', 'p3', 'p4'], ['p5', 'p6', 'p7', 'p8']];
  const tasks = {
    'compute-correlation': { x: ref(byLabel.x), y: ref(byLabel.y), id_filter: [], method: 'pearson',
      subsets: [], categories: [ref(byLabel.c)] },
    'compute-boxplot': { features: [ref(byLabel.x), ref(byLabel.y)], categories: [], id_filter: [],
      transformation: 'identity', subsets: [] },
    'compute-histogram': { bw_factor: 0.5, num_bins: 4, id_filter: [], subsets: [], data: ref(byLabel.x),
      categories: [ref(byLabel.c)] },
    'compute-pca': { features: [ref(byLabel.x), ref(byLabel.y), ref(byLabel.months)], categories: [ref(byLabel.c)],
      whiten: false, id_filter: [], subsets: [] },
    'survival-analysis': { durations: [ref(byLabel.months)], categories: [], event_observed: [],
      estimator: 'KaplanMeier', id_filter: [], subsets: [] },
    'compute-volcanoplot': { numerical_arrays: [ref(byLabel.genes)], id_filter: [], params: {},
      ranking_method: 'limma', subsets },
    'compute-heatmap': { numerical_arrays: [ref(byLabel.genes)], numericals: [], categoricals: [],
      ranking_method: 'mean', params: {}, id_filter: [], max_rows: 100, subsets },
    'compute-cluster': { df: { p1: { g1: -1, g2: 0.5 }, p2: { g1: 1, g2: -0.5 }, p3: { g1: 0.2, g2: 0.1 } },
      cluster_algo: 'hclust', options: { method: 'average', metric: 'euclidean', n_row_clusters: 2,
        n_col_clusters: 2, n_row_centroids: 2, n_col_centroids: 2 } },
  };
  const taskIds = [];
  for (const [task, args] of Object.entries(tasks)) {
    const r = b.expect(task, await b.call('POST', '/analytics', '/analytics', { task_name: task, args }), 201);
    const id = r.json?.task_id;
    if (!id) continue;
    taskIds.push(id);
    const done = await until(task, async () => {
      const p = await b.call('GET', `/analytics/${id}`, '/analytics/{id}');
      return p.json && p.json.state !== 'SUBMITTED' ? p.json : null;
    });
    if (done && done.state !== 'SUCCESS') surprises.push(`${task}: ${done.state} ${done.result}`);
  }
  b.expect('cancel', await b.call('DELETE', `/analytics/${taskIds[0]}`, '/analytics/{id}'), 200);

  const saved = b.expect('save state', await b.call('POST', '/state', '/state',
    { state: { chartName: 'scatterplot', x: ref(byLabel.x) }, handler: 'test', server: 'http://test' }), 201);
  const stateId = saved.json?.state_id;
  const other = new Browser();
  other.expect('restore', await other.call('POST', `/state/${stateId}`, '/state/{id}', { auth: { token: 't' } }), 202);
  await until('restored state', async () =>
    (await other.call('GET', `/state/${stateId}`, '/state/{id}')).status === 200);

  // refusals a valid request can get
  b.expect('unknown handler', await b.call('POST', '/data', '/data',
    { handler: 'nope', server: 's', auth: { t: 't' }, descriptors: [{ a: 1 }] }), 400);
  b.expect('unknown task', await b.call('POST', '/analytics', '/analytics',
    { task_name: 'no-such-task', args: { a: 1 } }), 400);
  b.expect('foreign data ref in state', await b.call('POST', '/state', '/state',
    { state: { x: ref(id0) }, handler: 'test', server: 'http://test' }), 400);
  b.expect('foreign task', await b.call('GET', `/analytics/${id0}`, '/analytics/{id}'), 403);
  b.expect('foreign cancel', await b.call('DELETE', `/analytics/${id0}`, '/analytics/{id}'), 403);
  b.expect('foreign meta', await b.call('GET', `/data/meta/${id0}`, '/data/meta/{id}'), 403);
  b.expect('foreign delete', await b.call('DELETE', `/data/${id0}`, '/data/{id}'), 403);
  b.expect('unknown state', await b.call('GET', `/state/${id0}`, '/state/{id}'), 404);
  b.expect('restore unknown state', await b.call('POST', `/state/${id0}`, '/state/{id}', { auth: {} }), 404);

  b.expect('delete one', await b.call('DELETE', `/data/${byLabel.x}`, '/data/{id}'), 200);
  b.expect('delete all', await b.call('DELETE', '/data', '/data'), 200);
  const left = await b.call('GET', '/data', '/data');
  if ((left.json?.data_states || []).length !== 0) surprises.push('data left after DELETE /data');

  const operations = [...seen.keys()].sort();
  const summary = {
    requests, violations: violations.length, surprises: surprises.length,
    operations: operations.length, seconds: (Date.now() - started) / 1000,
    statuses: Object.fromEntries(operations.map((k) => [k, [...seen.get(k)].sort()])),
  };
  console.log(JSON.stringify(summary, null, 1));
  for (const v of violations) console.error('VIOLATION', JSON.stringify(v));
  for (const s of surprises) console.error('SURPRISE', s);
  process.exit(violations.length === 0 && surprises.length === 0 ? 0 : 1);
}

main().catch((e) => { console.error(e); process.exit(1); });
