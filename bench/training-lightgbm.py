#!/usr/bin/env python3
"""Times the real LightGBM (one thread) on the workload of bench/training.bench.ts, for a same-machine
comparison (not part of `npm run bench`):

    pip install lightgbm numpy pandas
    npx tsx bench/training-data.ts /tmp/algobot-bench.csv
    python3 bench/training-lightgbm.py /tmp/algobot-bench.csv
"""
import sys
import time

import lightgbm as lgb
import pandas as pd

df = pd.read_csv(sys.argv[1], float_precision='round_trip')
X, y = df.drop(columns=['target']).to_numpy(), df['target'].to_numpy()
params = {'objective': 'regression', 'num_leaves': 31, 'max_bin': 255, 'learning_rate': 0.1, 'num_threads': 1,
          'force_row_wise': True, 'deterministic': True, 'verbosity': -1}
t0 = time.perf_counter()
ds = lgb.Dataset(X, label=y, params={'max_bin': 255, 'verbosity': -1}).construct()
t1 = time.perf_counter()
lgb.train(params, ds, num_boost_round=200)
t2 = time.perf_counter()
print(f'LightGBM {lgb.__version__}, 1 thread: dataset (binning) {t1 - t0:.2f} s, training {t2 - t1:.2f} s, '
      f'total {t2 - t0:.2f} s')
