"""Prints the result table of run.sh: JMH results (target/jmh-*.json) against the references
(target/ref-*.json), medians of 3, with the issue's goals.

Usage: /usr/bin/python3 report.py [TARGET_DIR]
"""
import glob
import json
import os
import statistics
import sys

PKG = 'org.fractalis.benchmarks.analytics.'

# (operation, JMH benchmark, reference key, reference name, goal kind, goal value, golden §6 reference (OpenBLAS))
ROWS = [
    ('limma lmFit+contrasts.fit+eBayes+topTable, 20000x500, 2 groups', 'LimmaBench.limmaTopTable',
     'limma', 'R limma', 'ratio', 0.5, 1.52),
    ('heatmap task, cached frame -> result JSON, limma logFC, max_rows 100, -Xmx1g', 'HeatmapBench.heatmapTaskToJson',
     None, None, 'abs', 1.5, None),
    ('PCA full SVD fit+transform, 500 x 20000', 'PcaBench.pcaFitTransform',
     'pca', 'sklearn', 'ratio', 0.25, 9.1),
    ('(info) PCA, the same, against sklearn on the reference BLAS/LAPACK', 'PcaBench.pcaFitTransform',
     'pca_refblas', 'sklearn (ref. BLAS)', 'info', 0.25, 40.0),
    ('(info) PCA with the plain Java kernels (JVM without jdk.incubator.vector)',
     'PcaBench.pcaFitTransformPlainKernels', 'pca', 'sklearn', 'info', 0.25, 9.1),
    ('PCA 10 leading components (pca.max.components), 500 x 20000', 'PcaTopBench.top10Samples500',
     'pca10_500', 'sklearn PCA(n_components=10)', 'ratio', 0.25, None),
    ('PCA 10 leading components, 2500 x 20000', 'PcaTopBench.top10Samples2500',
     'pca10_2500', 'sklearn PCA(n_components=10)', 'ratio', 0.25, None),
    ('(info) PCA 10 leading, 500 x 20000, plain Java kernels', 'PcaTopBench.top10Samples500PlainKernels',
     'pca10_500', 'sklearn PCA(n_components=10)', 'info', 0.25, None),
    ('(info) PCA 10 leading, 2500 x 20000, plain Java kernels', 'PcaTopBench.top10Samples2500PlainKernels',
     'pca10_2500', 'sklearn PCA(n_components=10)', 'info', 0.25, None),
    ('DESeq2 DESeq+results, 20000x12', 'Deseq2Bench.deseq2',
     'deseq2', 'R DESeq2 (serial)', 'ratio', 0.5, 14.2),
    ('hclust linkage average/euclidean, 2000x500', 'ClusterBench.linkage',
     'linkage', 'scipy', 'ratio', 1.0, 1.04),
    ('cut_tree n_clusters=5 on that linkage', 'ClusterBench.cutTree',
     'cut_tree', 'scipy', 'ratio', 1.0, 0.45),
    ('linkage + cut_tree', 'ClusterBench.linkageAndCutTree',
     'linkage_cut_tree', 'scipy', 'ratio', 1.0, 1.49),
    ('gaussian_kde 100,000 points at 200 points', 'KdeBench.kde',
     'kde', 'scipy', 'ratio', 1.0, 0.50),
]

UNIT = {'s/op': 1.0, 'ms/op': 1e-3, 'us/op': 1e-6, 'ns/op': 1e-9}


def med(v):
    return statistics.median(v) if v else None


def load_jmh(target):
    out = {}
    for path in sorted(glob.glob(os.path.join(target, 'jmh-*.json'))):
        with open(path) as f:
            try:
                entries = json.load(f)
            except ValueError:
                continue
        for e in entries:
            name = e['benchmark'].replace(PKG, '')
            pm = e['primaryMetric']
            scale = UNIT[pm['scoreUnit']]
            wall = [x * scale for fork in pm['rawData'] for x in fork]
            cpu = []
            sm = e.get('secondaryMetrics', {})
            sec = sm.get('cpu') or sm.get('·cpu')
            if sec:
                cpu = [x * UNIT[sec['scoreUnit']] for fork in sec['rawData'] for x in fork]
            out[name] = {'wall': wall, 'cpu': cpu}
    return out


def load_refs(target):
    out = {}
    versions = {}
    checks = {}
    for path in sorted(glob.glob(os.path.join(target, 'ref-*.json'))):
        with open(path) as f:
            try:
                data = json.load(f)
            except ValueError:
                continue
        for k, v in data.items():
            if k == 'versions':
                versions.update(v)
            elif k == 'check':
                checks.update(v)
            elif isinstance(v, dict):
                out[k] = v
            else:  # wall times only
                out[k] = {'wall': v, 'cpu': []}
    return out, versions, checks


def fmt(x, digits=3):
    return '-' if x is None else ('%.*f' % (digits, x))


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else 'target'
    jmh = load_jmh(target)
    refs, versions, checks = load_refs(target)
    head = ('| operation | Java median (s) | reference | ref. median (s) | ratio | goal | result '
            '| Java CPU (s) | ref. CPU (s) | CPU ratio | §6 ref. (s) |')
    print(head)
    print('|' + '---|' * head.count(' | ') + '---|')
    failures = 0
    for op, bench, key, refname, kind, goal, golden in ROWS:
        j = jmh.get(bench)
        r = refs.get(key) if key else None
        jw = med(j['wall']) if j else None
        jc = med(j['cpu']) if j else None
        rw = med(r['wall']) if r else None
        rc = med(r.get('cpu')) if r else None
        ratio = jw / rw if jw is not None and rw else None
        cratio = jc / rc if jc is not None and rc else None
        if kind == 'abs':
            goal_s = '<= %.2f s' % goal
            ok = None if jw is None else jw <= goal
        else:
            goal_s = '<= %.2f x %s' % (goal, refname)
            ok = None if ratio is None else ratio <= goal
        res = 'n/a' if ok is None else ('PASS' if ok else 'FAIL')
        if kind == 'info':
            goal_s = '(info) ' + goal_s
            res = res.lower()
        else:
            failures += ok is False
        print('| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
            op, fmt(jw), refname or '-', fmt(rw), fmt(ratio, 2), goal_s, res, fmt(jc), fmt(rc),
            fmt(cratio, 2), fmt(golden, 2)))
    print()
    print('Medians of 3 measurement iterations (Java: JMH average time per iteration, fork 1, after warm-up) and of '
          '3 runs (references). CPU = CPU time of the whole process (all threads) per operation.')
    java_checks = {}
    path = os.path.join(target, 'check-java.json')
    if os.path.exists(path):
        with open(path) as f:
            java_checks = json.load(f)
    if java_checks and checks:
        print()
        print('Same work? Summary numbers of each result, Java (CrossCheck) against the reference:')
        print()
        print('| quantity | Java | reference | relative difference |')
        print('|---|---|---|---|')
        for k, jv in java_checks.items():
            if k not in checks:
                continue
            rv = checks[k]
            rel = abs(jv - rv) / max(abs(rv), 1e-300) if rv != jv else 0.0
            print('| %s | %.10g | %.10g | %.1e |' % (k, jv, rv, rel))
    if versions:
        print()
        print('Reference versions: ' + ', '.join('%s %s' % kv for kv in sorted(versions.items())))
    load = os.path.join(target, 'load.log')
    if os.path.exists(load):
        print()
        print('Load average during the run:')
        print()
        print('```')
        with open(load) as f:
            print(f.read().rstrip())
        print('```')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
