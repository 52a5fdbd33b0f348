"""Python reference of the cohort-scale benchmark: scikit-learn PCA(n_components=10) fit + transform of the
benchmark matrix as samples x features (its default solver picks the randomised SVD at this size). Loading is not
timed. The exact leading ratios (ARPACK) are computed once more for the cross-check; that fit is timed once
(fit only: the reference for a solver of the node's accuracy).

Usage: python3 pca_scale.py MATRIX.f64 FEATURES SAMPLES RUNS OUT.json
"""
import gc
import json
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.decomposition import PCA

path, nf, ns, runs, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
X = np.ascontiguousarray(np.fromfile(path, dtype='<f8').reshape(nf, ns).T)  # samples x features
wall, cpu = [], []
for _ in range(runs):
    gc.collect()
    c0, t0 = time.process_time(), time.perf_counter()
    pca = PCA(n_components=10)
    pca.fit_transform(X)
    wall.append(time.perf_counter() - t0)
    cpu.append(time.process_time() - c0)
# the exact leading ratios: the randomised solver underestimates the leading eigenvalues of a flat spectrum
# (random data), so the node's ratios are checked against ARPACK's
t0 = time.perf_counter()
exact = PCA(n_components=10, svd_solver='arpack').fit(X).explained_variance_ratio_
arpack_s = time.perf_counter() - t0
with open(out, 'w') as f:
    json.dump({'pca10_wall_s': statistics.median(wall), 'pca10_cpu_s': statistics.median(cpu), 'runs': runs,
               'solver': pca._fit_svd_solver, 'sklearn': sklearn.__version__,
               'evr': [float(v) for v in pca.explained_variance_ratio_],
               'evr_arpack': [float(v) for v in exact], 'pca10_arpack_fit_wall_s': arpack_s}, f)
