// The OpenAPI-driven fuzz stage (issue 13, item 5b), run by .ci/fuzz.sh against a live node: fast-check generates,
// from a fixed seed, requests for every operation of the node's own GET /openapi.json — bodies drawn from the very
// request schemas of the document, and the same bodies broken (required properties dropped, wrong types, empty,
// not JSON, duplicate keys, deep nesting), with ids of this session's data, foreign ids and ids that are no UUIDs,
// odd Content-Type, Accept and Origin headers, and methods the path does not serve. Stateful: a session loads data
// with the test handler first, and analyses reference it (then their results are polled). Every answer is checked
// with ajv (JSON Schema 2020-12) against the document: status documented for the operation (405 and 404 against the
// document's MethodNotAllowed and NotFound responses), body valid against its schema, analysis results against
// TaskResult.<task>. Pass = no 5xx, no answer outside the document, no answer slower than 10 s.
// Usage: node fuzz.mjs <node base URL> [cases]   Prints a JSON summary; exit 1 on any failure.
import fc from 'fast-check';
import Ajv2020 from 'ajv/dist/2020.js';

const base = process.argv[2].replace(/\/$/, '');
const CASES = Number(process.argv[3] || 6000);
const SEED = 13_2026;
const HANG_MS = 10_000;
const CONCURRENCY = 4;
const ORIGIN = 'http://127.0.0.1:1';
const DOC_ID = 'https://fractalis.invalid/openapi.json';
const started = Date.now();

const doc = await (await fetch(`${base}/openapi.json`)).json();
const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
ajv.addSchema(doc, DOC_ID);
const validators = new Map();
const validator = (pointer) => {
  if (!validators.has(pointer)) validators.set(pointer, ajv.getSchema(`${DOC_ID}#${pointer}`));
  return validators.get(pointer);
};
const esc = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const at = (pointer) => pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  .reduce((o, k) => (o == null ? undefined : o[k]), doc);

// ---------------------------------------------------------------- statistics
let requests = 0;
const statuses = new Map(); // "METHOD /template" -> Map(status -> count)
const failures = [];
let maxMillis = 0;
let slowest = [];
const fail = (what) => { if (failures.length < 200) failures.push(what); else failures.length++; };

// ---------------------------------------------------------------- HTTP and checking
async function send(c) {
  const headers = { ...c.headers };
  if (c.slot) c.cookie = state[c.slot];
  if (c.cookie) headers.Cookie = c.cookie;
  const t0 = Date.now();
  requests++;
  let r;
  let text;
  try {
    r = await fetch(base + c.path, { method: c.method, headers, body: c.body, signal: AbortSignal.timeout(HANG_MS) });
    text = await r.text();
  } catch (e) {
    fail(`${c.method} ${c.path}: no answer within ${HANG_MS} ms (${e.name})`);
    return null;
  }
  // sessions are made when first used: keep the cookie the node settles on
  const setCookie = r.headers.get('set-cookie');
  if (setCookie && c.slot) state[c.slot] = setCookie.split(';')[0];
  if (setCookie) c.setCookie = setCookie.split(';')[0];
  c.status = r.status;
  const ms = Date.now() - t0;
  maxMillis = Math.max(maxMillis, ms);
  slowest.push([ms, `${c.method} ${c.path.slice(0, 60)} [${c.kind}] ${r.status}`]);
  if (slowest.length > 20) { slowest.sort((a, b) => b[0] - a[0]); slowest.length = 5; }
  const key = `${c.method} ${c.template}`;
  if (!statuses.has(key)) statuses.set(key, new Map());
  statuses.get(key).set(r.status, (statuses.get(key).get(r.status) || 0) + 1);
  const reply = { status: r.status, headers: r.headers, text };
  check(c, reply);
  return reply;
}

function check(c, r) {
  const what = `${c.method} ${c.path} [${c.kind}] -> ${r.status}`;
  if (r.status >= 500) fail(`${what}: 5xx ${r.text.slice(0, 200)}`);
  let pointer;
  const op = doc.paths[c.template]?.[c.method.toLowerCase()];
  if (c.template === '(unmatched)' || !op) {
    // not an operation: a path id that is no UUID (404) or a method the path does not serve (405), unless a check
    // that comes first refuses the request (malformed headers, foreign origin, body type or size)
    const component = { 400: 'BadRequest', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed',
      406: 'NotAcceptable', 413: 'TooLarge', 415: 'UnsupportedMediaType' }[r.status];
    const expected = c.template === '(unmatched)' ? [404, 405] : [405];
    if (!component || (!expected.includes(r.status) && ![400, 403, 406, 413, 415].includes(r.status))) {
      fail(`${what}: not an operation, and answered neither ${expected.join(' nor ')} nor an earlier refusal: ${r.text.slice(0, 120)}`);
      return;
    }
    if (!op && c.template !== '(unmatched)' && r.status === 404) { fail(`${what}: 404 for a method the path does not serve`); }
    pointer = `/components/responses/${component}`;
  } else {
    const base = `/paths/${esc(c.template)}/${c.method.toLowerCase()}/responses/${r.status}`;
    const resp = at(base);
    if (!resp) { fail(`${what}: status not in the document: ${r.text.slice(0, 200)}`); return; }
    pointer = resp.$ref ? resp.$ref.slice(1) : base;
  }
  const response = at(pointer);
  const schemaPointer = `${pointer}/content/application~1json/schema`;
  if (response?.content?.['application/json']) {
    if (c.method === 'HEAD') return;
    const type = r.headers.get('content-type') || '';
    if (!type.startsWith('application/json')) { fail(`${what}: Content-Type ${type}`); return; }
    let body;
    try { body = JSON.parse(r.text); } catch { fail(`${what}: body not JSON: ${r.text.slice(0, 200)}`); return; }
    const v = validator(schemaPointer);
    if (!v(body)) fail(`${what}: ${ajv.errorsText(v.errors)} in ${r.text.slice(0, 200)}`);
    c.json = body;
  }
  for (const [name, h] of Object.entries(response?.headers || {})) {
    const value = r.headers.get(name);
    const hp = h.$ref ? h.$ref.slice(1) : `${pointer}/headers/${esc(name)}`;
    if (value != null && at(hp)?.schema) {
      const v = validator(`${hp}/schema`);
      if (!v(value)) fail(`${what}: header ${name}: ${ajv.errorsText(v.errors)} (${value})`);
    }
  }
}

// ---------------------------------------------------------------- arbitraries
const requestSchema = (template, method) => {
  const s = doc.paths[template][method]?.requestBody?.content?.['application/json']?.schema;
  return s?.$ref ? at(s.$ref.slice(1)) : s;
};

/** An arbitrary of JSON values that match a (request) schema: the subset of keywords these schemas use. */
function fromSchema(s, extra = {}) {
  if (!s || !s.type) return fc.jsonValue({ maxDepth: 2 });
  switch (s.type) {
    case 'string': return extra.string || fc.string({ minLength: s.minLength || 0, maxLength: 20 });
    case 'array': return fc.array(fromSchema(s.items, extra), { minLength: s.minItems || 0, maxLength: 4 });
    case 'object': {
      if (!s.properties) {
        return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }),
          { minKeys: s.minProperties || 0, maxKeys: 4 });
      }
      const props = {};
      for (const [k, v] of Object.entries(s.properties)) props[k] = extra[k] || fromSchema(v, extra);
      return fc.record(props, { requiredKeys: s.required || [] });
    }
    default: return fc.jsonValue({ maxDepth: 1 });
  }
}

/** The same values broken: a required property dropped, a property of another type, or something else entirely. */
function broken(s, valid) {
  const required = s?.required || [];
  return fc.oneof(
    valid.chain((v) => (required.length === 0 ? fc.constant([]) : fc.constantFrom(...required).map((k) => {
      const o = { ...v }; delete o[k]; return o;
    }))),
    valid.chain((v) => fc.tuple(fc.constantFrom(...Object.keys(s?.properties || { x: 1 })),
      fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 }), fc.string()))
      .map(([k, x]) => ({ ...v, [k]: x }))),
    fc.constantFrom({}, [], null, 0, '', 'x', true),
    fc.jsonValue({ maxDepth: 3 }),
  );
}

/** Bodies that are not JSON, or JSON that a lenient parser would take: raw text. */
const rawBodies = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('{', '{"a":1,"a":2}', '{"task_name":"compute-pca"} trailing', '[1,2', 'NaN', '{"x":NaN}',
    '\u0000', '{"handler":"test"}{"x":1}', '{'.repeat(2000) + '}'.repeat(2000), '[' .repeat(300) + ']'.repeat(300)),
  fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
);

function cases(state) {
  const uuid = fc.uuid({ version: 4 }).map((u) => u.toLowerCase());
  const ownId = fc.constantFrom(...state.dataIds, ...state.taskIds, state.stateId);
  const badId = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }).map(encodeURIComponent),
    // (no '..': the client itself would resolve it before sending)
    fc.constantFrom('0', 'null', 'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA', `${state.dataIds[0]}x`))
    .filter((b) => !/^(\.|%2e){1,2}$/i.test(b));
  const anyId = fc.oneof({ weight: 4, arbitrary: ownId }, { weight: 3, arbitrary: uuid },
    { weight: 2, arbitrary: badId.map((b) => ({ bad: b })) });
  const ref = fc.constantFrom(...state.dataIds).map((id) => `$${JSON.stringify({ id, filters: {} })}$`);
  const argValue = fc.oneof(ref, ref.map((r) => [r]), fc.jsonValue({ maxDepth: 2 }),
    fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.integer()), { maxLength: 3 }));
  const taskName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...state.tasks) },
    { weight: 1, arbitrary: fc.string({ minLength: 5, maxLength: 20 }) });
  const extras = {
    task_name: taskName,
    args: fc.dictionary(fc.constantFrom('x', 'y', 'data', 'features', 'categories', 'subsets', 'id_filter',
      'method', 'num_bins', 'bw_factor', 'durations', 'numerical_arrays', 'ranking_method', 'max_rows', 'df',
      'a', 'b', 'transformation', 'estimator', 'whiten'), argValue, { minKeys: 1, maxKeys: 6 }),
    handler: fc.oneof({ weight: 4, arbitrary: fc.constant('test') }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) }),
    server: fc.constantFrom('http://test', 'x'),
    descriptors: fc.array(fc.oneof(
      fc.record({ data_type: fc.constantFrom('numerical', 'categorical', 'numerical_array', 'bogus'),
        label: fc.string({ maxLength: 6 }),
        rows: fc.array(fc.record({ id: fc.constantFrom('p1', 'p2', 'p3'), feature: fc.constantFrom('f', 'g'),
          value: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null), fc.string({ maxLength: 3 })) }),
        { maxLength: 6 }) }),
      fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1, maxKeys: 3 })),
    { minLength: 1, maxLength: 3 }),
    state: fc.oneof(fc.constant({ chart: 'x' }), ref.map((r) => ({ x: r }))),
  };
  const contentType = fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain',
      'application/x-www-form-urlencoded', 'application/json;;', 'foo', '') });
  const accept = fc.oneof({ weight: 8, arbitrary: fc.constant('application/json, text/plain, */*') },
    { weight: 1, arbitrary: fc.constantFrom('text/html', 'application/json;q=x', '*/*', 'application/xml', 'a/b, c/d') });
  const origin = fc.oneof({ weight: 8, arbitrary: fc.constant(ORIGIN) },
    { weight: 1, arbitrary: fc.constantFrom('https://evil.example', 'null', 'http://localhost:8080') });
  const wait = fc.oneof({ weight: 6, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom('?wait=1', '?wait=0', '?wait=abc', '?x=1') });
  const session = fc.oneof({ weight: 8, arbitrary: fc.constant('own') },
    { weight: 1, arbitrary: fc.constantFrom('none', 'garbage', 'other') });

  const ops = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'delete']) {
      if (!item[method]) continue;
      const schema = requestSchema(template, method);
      let body = fc.constant(undefined);
      if (schema) {
        let valid = fromSchema(schema, extras).map((v) => JSON.stringify(v));
        if (template === '/analytics') {
          valid = fc.oneof(valid, validAnalyses(state).map((v) => JSON.stringify(v)));
        }
        body = fc.oneof({ weight: 5, arbitrary: valid },
          { weight: 3, arbitrary: broken(schema, fromSchema(schema, extras)).map((v) => JSON.stringify(v)) },
          { weight: 1, arbitrary: rawBodies });
      }
      ops.push(fc.record({ template: fc.constant(template), method: fc.constant(method.toUpperCase()), id: anyId,
        body, contentType, accept, origin, wait, session }));
    }
    if (item.options) { // preflights with odd requested methods and headers
      ops.push(fc.record({ template: fc.constant(template), method: fc.constant('OPTIONS'), id: anyId,
        body: fc.constant(undefined), contentType: fc.constant(''), accept, origin, wait: fc.constant(''), session,
        acrm: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'get', ''),
        acrh: fc.oneof(fc.constant('content-type,x-xsrf-token'), fc.stringMatching(/^[a-zA-Z0-9, -]{0,40}$/)) }));
    }
    // a method the path does not serve
    ops.push(fc.record({ template: fc.constant(template), method: fc.constantFrom('PUT', 'PATCH', 'GET', 'DELETE'),
      id: anyId, body: fc.constant(undefined), contentType, accept, origin, wait: fc.constant(''), session,
      undocumented: fc.constant(true) }));
  }
  return fc.oneof(...ops);
}

/** Analyses with arguments a task accepts (built on the session's data), so that results are checked too. */
function validAnalyses(state) {
  const [x, y, c, genes] = state.dataIds.map((id) => `$${JSON.stringify({ id, filters: {} })}$`);
  const subsets = fc.constantFrom([], [['p1', 'p2', 'p3'], ['p4', 'p5', 'p6']]);
  const twoGroups = fc.constant([['p1', 'p2', 'p3'], ['p4', 'p5', 'p6']]);
  const cats = fc.constantFrom([], [c]);
  const byTask = {
    'compute-correlation': fc.record({ x: fc.constant(x), y: fc.constant(y), id_filter: fc.constant([]),
      method: fc.constantFrom('pearson', 'spearman', 'kendall'), subsets, categories: cats }),
    'compute-histogram': fc.record({ data: fc.constantFrom(x, y), num_bins: fc.integer({ min: 1, max: 30 }),
      bw_factor: fc.double({ min: 0.1, max: 2, noNaN: true }), id_filter: fc.constant([]), subsets, categories: cats }),
    'compute-boxplot': fc.record({ features: fc.constantFrom([x], [x, y]), categories: cats, id_filter: fc.constant([]),
      transformation: fc.constantFrom('identity', 'log2(x)', 'log10(x)', '2^x', '10^x'), subsets }),
    'compute-pca': fc.record({ features: fc.constantFrom([x, y], [genes], [x, y, genes]), categories: cats,
      whiten: fc.boolean(), id_filter: fc.constant([]), subsets }),
    'survival-analysis': fc.record({ durations: fc.constantFrom([x], [y]), categories: fc.constant([]),
      event_observed: fc.constantFrom([], [c]), estimator: fc.constantFrom('KaplanMeier', 'NelsonAalen'),
      id_filter: fc.constant([]), subsets: fc.constant([]) }),
    'compute-volcanoplot': fc.record({ numerical_arrays: fc.constant([genes]), id_filter: fc.constant([]),
      params: fc.constant({}), ranking_method: fc.constantFrom('limma', 'mean', 'median', 'variance'), subsets: twoGroups }),
    'compute-heatmap': fc.record({ numerical_arrays: fc.constant([genes]), numericals: fc.constant([]),
      categoricals: fc.constant([]), ranking_method: fc.constantFrom('mean', 'median', 'variance', 'logFC', 'P.Value'),
      params: fc.constant({}), id_filter: fc.constant([]), max_rows: fc.integer({ min: 1, max: 50 }), subsets: twoGroups }),
    'compute-cluster': fc.record({
      df: fc.dictionary(fc.constantFrom('s1', 's2', 's3', 's4'), fc.dictionary(fc.constantFrom('g1', 'g2', 'g3'),
        fc.double({ min: -3, max: 3, noNaN: true }), { minKeys: 3, maxKeys: 3 }), { minKeys: 3, maxKeys: 4 }),
      cluster_algo: fc.constantFrom('hclust', 'kmeans'),
      options: fc.record({ method: fc.constantFrom('average', 'complete', 'single', 'ward'), metric: fc.constant('euclidean'),
        n_row_clusters: fc.integer({ min: 1, max: 3 }), n_col_clusters: fc.integer({ min: 1, max: 3 }),
        n_row_centroids: fc.integer({ min: 1, max: 3 }), n_col_centroids: fc.integer({ min: 1, max: 3 }) }) }),
  };
  const names = Object.keys(byTask).filter((t) => state.tasks.includes(t));
  return fc.oneof(...names.map((t) => byTask[t].map((args) => ({ task_name: t, args }))));
}

function toRequest(g, state) {
  let path = g.template;
  let template = g.template;
  if (path.includes('{id}')) {
    if (typeof g.id === 'object') { path = path.replace('{id}', g.id.bad); template = '(unmatched)'; } else path = path.replace('{id}', g.id);
  }
  let method = g.method;
  if (g.undocumented && doc.paths[g.template]?.[method.toLowerCase()]) method = 'PUT';
  const headers = { Accept: g.accept, Origin: g.origin };
  if (g.acrm) headers['Access-Control-Request-Method'] = g.acrm;
  if (g.acrh) headers['Access-Control-Request-Headers'] = g.acrh;
  const hasBody = g.body !== undefined && (method === 'POST' || method === 'PUT' || method === 'PATCH');
  if (hasBody || method === 'POST') { if (g.contentType) headers['Content-Type'] = g.contentType; }
  const cookie = { none: null, garbage: 'session=not-a-session' }[g.session];
  // deletes go to the second session: the first keeps the data every other request refers to
  const slot = { own: method === 'DELETE' ? 'otherCookie' : 'cookie', other: 'otherCookie' }[g.session];
  const kind = g.undocumented ? 'method' : (g.body instanceof Buffer || (typeof g.body === 'string' && !g.body.startsWith('{')) ? 'raw' : 'schema');
  return { method, path: path + (method === 'GET' ? g.wait : ''), template, headers, cookie, slot,
    body: hasBody ? g.body : (method === 'POST' ? '' : undefined), kind };
}

// ---------------------------------------------------------------- setup (stateful): data to reference
async function session() {
  const r = await fetch(`${base}/misc/version`, { headers: { Origin: ORIGIN } });
  return r.headers.get('set-cookie').split(';')[0];
}
const sleep = (ms) => new Promise((res) => setTimeout(res, ms));
const call = (c) => send(Object.assign(c, { headers: { Accept: 'application/json', Origin: ORIGIN,
  'Content-Type': 'application/json' }, kind: 'setup', slot: 'cookie' }, { ...c }));

const state = { cookie: await session(), otherCookie: await session() };
const rows = (label, kind, values) => ({ data_type: kind, label,
  rows: values.map((v, i) => ({ id: `p${i + 1}`, feature: label, value: v })) });
await call({ method: 'POST', path: '/data', template: '/data', body: JSON.stringify({
  handler: 'test', server: 'http://test', auth: { token: 't' }, descriptors: [
    rows('x', 'numerical', [1, 2, 4, 3.5, 6, 5]), rows('y', 'numerical', [2, 3, 7, 5, 6.5, 9]),
    rows('c', 'categorical', ['a', 'b', 'a', 'b', 'a', 'b']),
    { data_type: 'numerical_array', label: 'genes', rows: ['g1', 'g2', 'g3', 'g4'].flatMap((g, j) =>
      ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((id, i) => ({ id, feature: g, value: 4 + j + (i < 3 ? 0 : j % 2)
        + ((i * 7 + j * 3) % 5) / 10 }))) }] }) });
for (let i = 0; i < 100; i++) {
  const c = { method: 'GET', path: '/data', template: '/data' };
  await call(c);
  const s = c.json?.data_states || [];
  if (s.length === 4 && s.every((d) => d.etl_state !== 'SUBMITTED')) {
    const byLabel = Object.fromEntries(s.map((d) => [d.label, d.task_id]));
    state.dataIds = ['x', 'y', 'c', 'genes'].map((l) => byLabel[l]);
    break;
  }
  await sleep(100);
}
if (!state.dataIds) { console.error('setup: the loads did not end'); process.exit(1); }
const plugins = { method: 'GET', path: '/misc/plugins', template: '/misc/plugins' };
await call(plugins);
state.tasks = plugins.json.tasks.map((t) => t.name);
const t = { method: 'POST', path: '/analytics', template: '/analytics',
  body: JSON.stringify({ task_name: 'compute-histogram', args: { data: `$${JSON.stringify({ id: state.dataIds[0], filters: {} })}$`,
    bw_factor: 0.5, num_bins: 3, id_filter: [], subsets: [], categories: [] } }) };
await call(t);
state.taskIds = [t.json.task_id];
const st = { method: 'POST', path: '/state', template: '/state',
  body: JSON.stringify({ state: { x: `$${JSON.stringify({ id: state.dataIds[0], filters: {} })}$` }, handler: 'test', server: 'http://test' }) };
await call(st);
state.stateId = st.json.state_id;

// ---------------------------------------------------------------- the run
const generated = fc.sample(cases(state), { seed: SEED, numRuns: CASES });
const submitted = []; // [task id, task name] of analyses that were accepted
let next = 0;
async function worker() {
  while (next < generated.length) {
    const g = generated[next++];
    const c = toRequest(g, state);
    const r = await send(c);
    if (r && c.template === '/analytics' && c.method === 'POST' && r.status === 201 && c.json?.task_id) {
      let task = null;
      try { task = JSON.parse(c.body).task_name; } catch { /* raw */ }
      submitted.push([c.json.task_id, task, c.setCookie || c.cookie]);
    }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));

// the results of the accepted analyses: state, result text, and the task's result schema
const outcomes = {};
const firstFailure = {};
for (const [id, task, cookie] of submitted) {
  let c;
  for (let i = 0; i < 60; i++) {
    c = { method: 'GET', path: `/analytics/${id}`, template: '/analytics/{id}', cookie, kind: 'result',
      headers: { Accept: 'application/json', Origin: ORIGIN } };
    await send(c);
    if (!c.json || c.json.state !== 'SUBMITTED') break;
    await sleep(100);
  }
  const s = c.json?.state || `HTTP ${c.status}`;
  const known = state.tasks.includes(task) ? task : '(other)';
  outcomes[known] = outcomes[known] || {};
  outcomes[known][s] = (outcomes[known][s] || 0) + 1;
  if (s === 'FAILURE' && !firstFailure[known]) firstFailure[known] = String(c.json.result).slice(0, 160);
  if (s === 'SUCCESS' && at(`/components/schemas/TaskResult.${task}`)) {
    const v = validator(`/components/schemas/TaskResult.${task}`);
    let result;
    try { result = JSON.parse(c.json.result); } catch { fail(`${task} ${id}: result is not JSON text`); continue; }
    if (!v(result)) fail(`${task} ${id}: result ${ajv.errorsText(v.errors)}`);
  }
}

const byOperation = Object.fromEntries([...statuses.keys()].sort().map((k) =>
  [k, Object.fromEntries([...statuses.get(k).entries()].sort((a, b) => a[0] - b[0]))]));
const fivexx = [...statuses.values()].reduce((n, m) => n + [...m.entries()].filter(([s]) => s >= 500)
  .reduce((x, [, c]) => x + c, 0), 0);
console.log(JSON.stringify({ seed: SEED, cases: CASES, requests, failures: failures.length, fivexx,
  max_ms: maxMillis, slowest: slowest.sort((a, b) => b[0] - a[0]).slice(0, 5), seconds: (Date.now() - started) / 1000, analyses: submitted.length, outcomes, firstFailure, byOperation }, null, 1));
for (const f of failures.slice(0, 50)) console.error('FAILURE', f);
process.exit(failures.length === 0 && requests >= 5000 ? 0 : 1);
