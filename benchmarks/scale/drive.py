"""Drives one node through the cohort-scale workload over its REST API, as fractal.js would, and prints JSON.

load (POST /data, test connector, polled through GET /data) -> GET /data latency with the matrix cached ->
compute-heatmap (limma logFC on the two halves of the samples), twice -> compute-volcanoplot (limma) -> compute-pca.
Each task is timed from its POST to the poll that sees it end (polled every 0.1 s).

Usage: python3 drive.py BASE_URL SAMPLES FEATURES SEED OUT.json
"""
import http.cookiejar
import json
import statistics
import sys
import time
import urllib.error
import urllib.request

base, ns, nf, seed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={'Content-Type': 'application/json'} if data else {})
    try:
        with opener.open(req, timeout=600) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def log(msg):
    print('[scale-drive %s] %s' % (time.strftime('%H:%M:%S', time.gmtime()), msg), file=sys.stderr, flush=True)


res = {}
t0 = time.perf_counter()
st, body = call('POST', '/data', {'handler': 'test', 'server': 'bench', 'auth': {'token': 'bench'}, 'descriptors': [
    {'data_type': 'numerical_array', 'num_samples': ns, 'num_features': nf, 'seed': seed, 'label': 'expr'}]})
if st != 201:
    sys.exit('POST /data answered %d: %s' % (st, body[:500]))
while True:
    st, body = call('GET', '/data')
    states = json.loads(body)['data_states']
    s = [d for d in states if d['label'] == 'expr'][0]
    if s['etl_state'] in ('SUCCESS', 'FAILURE'):
        break
    time.sleep(0.1)
res['load_s'] = time.perf_counter() - t0
if s['etl_state'] != 'SUCCESS':
    sys.exit('load failed: %s' % s.get('etl_message'))
values = ns * nf
res['load_mb_per_s'] = values * 8 / 1e6 / res['load_s']
log('loaded %d values in %.1f s (%.0f MB/s of doubles)' % (values, res['load_s'], res['load_mb_per_s']))
ref = '${"id":"%s","filters":{}}$' % s['task_id']

lat = []
for _ in range(200):
    t = time.perf_counter()
    st, _ = call('GET', '/data')
    lat.append((time.perf_counter() - t) * 1000)
    assert st == 200
lat.sort()
res['get_data_ms'] = {'median': statistics.median(lat), 'p95': lat[int(0.95 * len(lat))], 'max': lat[-1]}
log('GET /data with the matrix cached: median %.2f ms, p95 %.2f ms' % (res['get_data_ms']['median'],
                                                                     res['get_data_ms']['p95']))

half = ns // 2
subsets = [[str(i) for i in range(half)], [str(i) for i in range(half, ns)]]


def task(name, args):
    t = time.perf_counter()
    st, body = call('POST', '/analytics', {'task_name': name, 'args': args})
    if st != 201:
        sys.exit('POST /analytics %s answered %d: %s' % (name, st, body[:500]))
    tid = json.loads(body)['task_id']
    while True:
        st, body = call('GET', '/analytics/' + tid)
        j = json.loads(body)
        if j['state'] in ('SUCCESS', 'FAILURE'):
            break
        time.sleep(0.1)
    secs = time.perf_counter() - t
    if j['state'] != 'SUCCESS':
        sys.exit('%s failed after %.1f s: %s' % (name, secs, j.get('result')))
    r = j['result']
    result = json.loads(r) if isinstance(r, str) else r
    log('%s: %.2f s, %d bytes of result' % (name, secs, len(body)))
    return secs, result, len(body)


secs, hm, size = task('compute-heatmap', {'numerical_arrays': [ref], 'numericals': [], 'categoricals': [],
                                          'ranking_method': 'logFC', 'params': {}, 'id_filter': [], 'max_rows': 20,
                                          'subsets': subsets})
res['heatmap_s'] = secs
res['heatmap_result_bytes'] = size
res['heatmap_top_features'] = hm['stats']['feature'][:5]
res['heatmap_max_abs_logFC'] = max(abs(v) for v in hm['stats']['logFC'])

# the same heatmap again: the first one also decoded the frame from the store (the node keeps it decoded while
# memory allows) and ran on a cold JVM
secs, hm2, size = task('compute-heatmap', {'numerical_arrays': [ref], 'numericals': [], 'categoricals': [],
                                           'ranking_method': 'logFC', 'params': {}, 'id_filter': [], 'max_rows': 20,
                                           'subsets': subsets})
res['heatmap_again_s'] = secs
assert hm2['stats']['feature'][:5] == res['heatmap_top_features']

secs, vp, size = task('compute-volcanoplot', {'numerical_arrays': [ref], 'id_filter': [],
                                              'params': {'min_total_row_count': 10}, 'ranking_method': 'limma',
                                              'subsets': subsets})
res['volcano_s'] = secs
res['volcano_result_bytes'] = size
res['volcano_features'] = len(vp['stats']['feature'])
res['volcano_sum_P.Value'] = sum(vp['stats']['P.Value'])
res['volcano_max_abs_logFC'] = max(abs(v) for v in vp['stats']['logFC'])

secs, pca, size = task('compute-pca', {'features': [ref], 'categories': [], 'whiten': False, 'id_filter': [],
                                       'subsets': []})
res['pca_s'] = secs
res['pca_result_bytes'] = size
res['pca_variance_ratios'] = pca['variance_ratios']
with open(out, 'w') as f:
    json.dump(res, f, indent=1)
