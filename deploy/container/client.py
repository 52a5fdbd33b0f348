#!/usr/bin/env python3
"""The HTTP side of deploy/container/test.sh: talks to the web node's published port like fractal.js would
(a session cookie, POST /data, POST /analytics, polling), standard library only.

  client.py BASE cors ORIGIN_ALLOWED           an allowed origin may POST with credentials, another one may not
  client.py BASE load STATE                     loads the demo variables (handler demo_tcga_coad), waits for SUCCESS,
                                                saves cookie, data ids and the demo subsets to STATE (JSON)
  client.py BASE each STATE                     one analysis per task, each must end SUCCESS
  client.py BASE survived STATE                 the session's variables are still loaded (after a Redis restart)
  client.py BASE batch STATE N -- CMD...        submits N analyses, runs CMD (the worker kill) once the first have
                                                finished, then expects all SUCCESS
Exit status 0 only if every expectation held; the reason of a failure is printed.
"""
import http.cookiejar
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

FIELDS = [
    ("categorical", "gender"), ("categorical", "stage_group"), ("numerical", "year_of_birth"),
    ("numerical", "days_to_death"), ("numerical_array", "miRNA"),
]


class Fail(Exception):
    pass


class Client:
    def __init__(self, base, cookies=None):
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.cookie_header = cookies

    def call(self, method, path, body=None, headers=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if body is not None:
            req.add_header("Content-Type", "application/json")
        if self.cookie_header:
            req.add_header("Cookie", self.cookie_header)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with self.opener.open(req, timeout=30) as r:
                raw = r.read()
                return r.status, dict(r.headers), (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                payload = json.loads(raw) if raw else None
            except ValueError:
                payload = raw.decode(errors="replace")
            return e.code, dict(e.headers), payload

    def cookies(self):
        return "; ".join(f"{c.name}={c.value}" for c in self.jar) or self.cookie_header


def ref(data_id):
    return '${"id":"' + data_id + '","filters":{}}$'


def task_args(task, ids, subsets):
    x, y = ref(ids["year_of_birth"]), ref(ids["days_to_death"])
    g, s, m = ref(ids["gender"]), ref(ids["stage_group"]), ref(ids["miRNA"])
    return {
        "compute-correlation": {"x": x, "y": y, "id_filter": [], "method": "pearson", "subsets": subsets,
                                "categories": [g]},
        "compute-boxplot": {"features": [x, y], "categories": [s], "id_filter": [], "transformation": "identity",
                            "subsets": subsets},
        "compute-histogram": {"data": x, "categories": [g], "id_filter": [], "subsets": subsets, "bw_factor": 0.5,
                              "num_bins": 10},
        "compute-pca": {"features": [x, y, m], "categories": [s], "whiten": False, "id_filter": [],
                        "subsets": subsets},
        "survival-analysis": {"durations": [y], "categories": [g], "event_observed": [], "estimator": "KaplanMeier",
                              "id_filter": [], "subsets": subsets},
        "compute-heatmap": {"numerical_arrays": [m], "numericals": [], "categoricals": [], "ranking_method": "logFC",
                            "params": {}, "id_filter": [], "max_rows": 50, "subsets": subsets},
        "compute-volcanoplot": {"numerical_arrays": [m], "id_filter": [], "params": {}, "ranking_method": "limma",
                                "subsets": subsets},
        "compute-cluster": {"df": {f"p{i}": {"a": float(i % 7), "b": float(i % 3) - 1.0, "c": float(i % 5)}
                                   for i in range(40)},
                            "cluster_algo": "hclust",
                            "options": {"method": "average", "metric": "euclidean", "n_row_clusters": 3,
                                        "n_col_clusters": 2, "n_row_centroids": 2, "n_col_centroids": 2}},
    }[task]


TASKS = ["compute-correlation", "compute-boxplot", "compute-histogram", "compute-pca", "survival-analysis",
         "compute-heatmap", "compute-volcanoplot", "compute-cluster"]


def cors(base, allowed):
    c = Client(base)
    body = {"handler": "demo_tcga_coad", "server": "http://demo", "auth": {"token": ""},
            "descriptors": [{"dataType": "numerical", "field": "year_of_birth"}]}
    status, headers, payload = c.call("POST", "/data", body, {"Origin": allowed})
    acao = {k.lower(): v for k, v in headers.items()}.get("access-control-allow-origin")
    if status != 201 or acao != allowed:
        raise Fail(f"POST /data from the configured origin {allowed}: {status}, Access-Control-Allow-Origin {acao!r}")
    status, headers, payload = c.call("POST", "/data", body, {"Origin": "http://evil.example"})
    acao = {k.lower(): v for k, v in headers.items()}.get("access-control-allow-origin")
    if status != 403 or acao:
        raise Fail(f"POST /data from an unlisted origin: {status}, Access-Control-Allow-Origin {acao!r} (want 403, none)")
    print(f"cors: {allowed} may post with credentials, http://evil.example gets 403")


def load(base, state_file):
    c = Client(base)
    status, _, subsets_doc = c.call("GET", "/demo/subsets.json")
    if status != 200:
        raise Fail(f"GET /demo/subsets.json answered {status}: {subsets_doc}")
    body = {"handler": "demo_tcga_coad", "server": "http://demo", "auth": {"token": ""},
            "descriptors": [{"dataType": t, "field": f} for t, f in FIELDS]}
    status, _, payload = c.call("POST", "/data", body)
    if status != 201:
        raise Fail(f"POST /data answered {status}: {payload}")
    start = time.monotonic()
    while True:
        status, _, payload = c.call("GET", "/data")
        states = payload["data_states"] if status == 200 else []
        failed = [s for s in states if s["etl_state"] == "FAILURE"]
        if failed:
            raise Fail(f"a load failed: {failed}")
        if len(states) == len(FIELDS) and all(s["etl_state"] == "SUCCESS" for s in states):
            break
        if time.monotonic() - start > 120:
            raise Fail(f"the loads did not finish within 120 s: {payload}")
        time.sleep(0.3)
    ids = {}
    for s in states:
        # the label names the field; the longest matching field wins (miRNA vs miR1269a_expression)
        match = max((f for _, f in FIELDS if s["label"].startswith(f)), key=len, default=None)
        if match is None:
            raise Fail(f"unexpected label {s['label']!r}")
        ids[match] = s["task_id"]
    json.dump({"cookies": c.cookies(), "ids": ids, "subsets": subsets_doc["subsets"]}, open(state_file, "w"))
    print(f"load: {len(ids)} demo variables loaded in {time.monotonic() - start:.1f} s "
          f"(subsets: {[len(s) for s in subsets_doc['subsets']]} patients)")


def submit(c, task, state):
    status, _, payload = c.call("POST", "/analytics", {"task_name": task,
                                                       "args": task_args(task, state["ids"], state["subsets"])})
    if status != 201:
        raise Fail(f"POST /analytics {task} answered {status}: {payload}")
    return payload["task_id"]


def await_all(c, jobs, limit):
    """jobs: {id: task}; waits until every job ended, fails on the first that did not succeed."""
    pending = dict(jobs)
    start = time.monotonic()
    while pending:
        for job_id, task in list(pending.items()):
            status, _, payload = c.call("GET", f"/analytics/{job_id}")
            if status != 200:
                raise Fail(f"GET /analytics/{job_id} ({task}) answered {status}: {payload}")
            if payload["state"] == "SUCCESS":
                del pending[job_id]
            elif payload["state"] != "SUBMITTED":
                raise Fail(f"{task} ({job_id}) ended {payload['state']}: {str(payload.get('result'))[:400]}")
        if pending and time.monotonic() - start > limit:
            raise Fail(f"{len(pending)} analyses still SUBMITTED after {limit} s: {sorted(set(pending.values()))}")
        if pending:
            time.sleep(0.3)


def each(base, state_file):
    state = json.load(open(state_file))
    c = Client(base, state["cookies"])
    for task in TASKS:
        start = time.monotonic()
        job = submit(c, task, state)
        await_all(c, {job: task}, 120)
        print(f"each: {task} SUCCESS in {time.monotonic() - start:.2f} s")


def batch(base, state_file, n, command):
    state = json.load(open(state_file))
    c = Client(base, state["cookies"])
    # the heavier tasks (limma on 465 x 300 counts, PCA), so that work is spread over both workers for a while
    heavy = ["compute-volcanoplot", "compute-heatmap", "compute-pca"]
    # submitted 8 at a time (a busy web front-end): faster than 2 workers x 4 threads work them off, so a backlog
    # builds up and each worker holds prefetched and running jobs
    tasks = [heavy[i % len(heavy)] for i in range(n)]
    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(lambda t: submit(c, t, state), tasks))
    jobs = dict(zip(ids, tasks))
    # kill as soon as the first analyses have finished: the rest is queued or running on both workers
    start = time.monotonic()
    first = list(jobs)[:4]
    while True:
        states = [c.call("GET", f"/analytics/{j}")[2]["state"] for j in first]
        if any(s not in ("SUBMITTED", "SUCCESS") for s in states):
            raise Fail(f"an analysis failed before the kill: {states}")
        if "SUCCESS" in states:
            break
        if time.monotonic() - start > 120:
            raise Fail("no analysis finished within 120 s")
        time.sleep(0.05)
    subprocess.run(command, check=True)
    with ThreadPoolExecutor(8) as pool:
        states = list(pool.map(lambda j: c.call("GET", f"/analytics/{j}")[2]["state"], jobs))
    # that the victim held jobs is CMD's to check (kill-worker.sh kills only a worker holding unacknowledged ones)
    waiting = states.count("SUBMITTED")
    print(f"batch: {len(jobs)} analyses submitted; {waiting} unfinished right after the kill")
    killed_at = time.monotonic()
    await_all(c, jobs, 300)
    print(f"batch: all {len(jobs)} analyses SUCCESS, {time.monotonic() - killed_at:.1f} s after the kill")


def survived(base, state_file):
    """After a restart of Redis: the session, its loaded data and a result are still there."""
    state = json.load(open(state_file))
    c = Client(base, state["cookies"])
    start = time.monotonic()
    while True:
        status, _, payload = c.call("GET", "/data")
        if status == 200:
            break
        if time.monotonic() - start > 60:
            raise Fail(f"GET /data answered {status} for 60 s after the Redis restart: {payload}")
        time.sleep(0.5)
    states = {s["task_id"]: s["etl_state"] for s in payload["data_states"]}
    lost = [f for f, i in state["ids"].items() if states.get(i) != "SUCCESS"]
    if lost:
        raise Fail(f"after the Redis restart the session lacks {lost}: {payload}")
    print(f"survived: the session and its {len(state['ids'])} variables are still there")


def main(argv):
    base, cmd = argv[1], argv[2]
    try:
        if cmd == "cors":
            cors(base, argv[3])
        elif cmd == "load":
            load(base, argv[3])
        elif cmd == "each":
            each(base, argv[3])
        elif cmd == "survived":
            survived(base, argv[3])
        elif cmd == "batch":
            sep = argv.index("--")
            batch(base, argv[3], int(argv[4]), argv[sep + 1:])
        else:
            raise Fail(f"unknown command {cmd}")
    except Fail as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
