"""Python references for the analytics benchmarks (golden README §6), on the files written by GenerateData.

scikit-learn PCA (full SVD) fit + transform of 500 samples x 20,000 features, SciPy linkage average/euclidean of
2,000 x 500 and cut_tree(n_clusters=5), SciPy gaussian_kde of 100,000 points evaluated at 200 points. Each
operation runs 3 times, the median is reported; file loading is not timed.

Usage: /usr/bin/python3 python_refs.py DATA_DIR OUT.json [pca,linkage,cut_tree,kde]
Environment: REF_KEY_SUFFIX is appended to the result keys (run.sh uses "_refblas" for a second PCA run on
Debian's reference BLAS/LAPACK, selected with LD_LIBRARY_PATH).
"""
import gc
import json
import os
import statistics
import sys
import time

import numpy as np
import scipy
import sklearn
from scipy.cluster.hierarchy import cut_tree, linkage
from scipy.stats import gaussian_kde
from sklearn.decomposition import PCA

RUNS = 3


def load(d, name, rows, cols=None):
    x = np.fromfile(os.path.join(d, name), dtype='<f8')
    return x if cols is None else x.reshape(rows, cols)


def timed(label, f):
    """Wall and CPU seconds (all threads of this process, e.g. OpenBLAS' workers) of each run."""
    wall, cpu = [], []
    for i in range(RUNS):
        gc.collect()
        c0 = time.process_time()
        t0 = time.perf_counter()
        f()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        print('%s run %d: %.3f s (cpu %.3f s)' % (label, i + 1, wall[-1], cpu[-1]), file=sys.stderr)
    return {'wall': wall, 'cpu': cpu}


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else 'target/data'
    out = sys.argv[2] if len(sys.argv) > 2 else 'target/ref-python.json'
    which = set((sys.argv[3] if len(sys.argv) > 3 else 'pca,linkage,cut_tree,kde').split(','))
    res = {}
    check = {}  # summary numbers that CrossCheck computes in Java as well
    if 'pca' in which:
        # samples x features, C-contiguous (the layout a pandas pivot hands to sklearn)
        X = np.ascontiguousarray(load(d, 'expr.f64', 20000, 500).T)
        pca = PCA(svd_solver='full')
        pca.fit_transform(X)
        check['pca_evr_0'] = float(pca.explained_variance_ratio_[0])
        check['pca_evr_1'] = float(pca.explained_variance_ratio_[1])
        check['pca_ev_sum'] = float(pca.explained_variance_.sum())
        del pca
        res['pca'] = timed('pca', lambda: PCA(svd_solver='full').fit_transform(X))
        del X
    if 'pca10' in which:
        # issue 12: the 10 leading components; sklearn's default solver ('auto') picks the randomised SVD here
        for ns, name in ((500, 'expr.f64'), (2500, 'expr2500.f64')):
            X = np.ascontiguousarray(load(d, name, 20000, ns).T)
            pca = PCA(n_components=10)
            pca.fit_transform(X)
            check['pca10_%d_solver' % ns] = pca._fit_svd_solver
            for c in (0, 1, 9):
                check['pca10_%d_evr_%d' % (ns, c)] = float(pca.explained_variance_ratio_[c])
            del pca
            res['pca10_%d' % ns] = timed('pca10 %d' % ns, lambda: PCA(n_components=10).fit_transform(X))
            del X
    if 'linkage' in which or 'cut_tree' in which:
        H = load(d, 'hclust.f64', 2000, 500)
        res['linkage'] = timed('linkage', lambda: linkage(H, method='average', metric='euclidean'))
        Z = linkage(H, method='average', metric='euclidean')
        res['cut_tree'] = timed('cut_tree', lambda: cut_tree(Z, n_clusters=5))
        res['linkage_cut_tree'] = timed(
            'linkage+cut_tree', lambda: cut_tree(linkage(H, method='average', metric='euclidean'), n_clusters=5))
        check['linkage_last_height'] = float(Z[-1, 2])
        check['linkage_sum_heights'] = float(Z[:, 2].sum())
        for k, size in enumerate(np.bincount(cut_tree(Z, n_clusters=5).ravel(), minlength=5)):
            check['cut_tree_size_%d' % k] = int(size)
    if 'kde' in which:
        x = load(d, 'kde.f64', 100000)
        grid = np.linspace(x.min(), x.max(), 200)
        dens = gaussian_kde(x)(grid)
        check['kde_max'] = float(dens.max())
        check['kde_sum'] = float(dens.sum())
        res['kde'] = timed('kde', lambda: gaussian_kde(x)(grid))
    suffix = os.environ.get('REF_KEY_SUFFIX', '')
    res = {k + suffix: v for k, v in res.items()}
    if not suffix:
        res['check'] = check
    with open('/proc/self/maps') as f:  # the BLAS/LAPACK libraries actually loaded
        libs = sorted({line.split()[-1] for line in f
                       if '/usr/lib/x86_64-linux-gnu/' in line and ('blas' in line or 'lapack' in line)})
    res['versions'] = {'python': sys.version.split()[0], 'numpy': np.__version__, 'scipy': scipy.__version__,
                       'sklearn': sklearn.__version__, 'python_blas' + suffix: ' '.join(libs)}
    with open(out, 'w') as f:
        json.dump(res, f)
    print('wrote %s (medians: %s)' % (out, {k: round(statistics.median(v['wall']), 3) for k, v in res.items()
                                            if k not in ('versions', 'check')}), file=sys.stderr)


if __name__ == '__main__':
    main()
