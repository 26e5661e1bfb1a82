#!/usr/bin/env python3
"""Second half of bench/training-verify.ts: loads our model files in the real LightGBM and compares.

    pip install lightgbm numpy pandas
    npx tsx bench/training-verify.ts /tmp/algobot-verify && python3 bench/training-verify.py /tmp/algobot-verify

Per case: (1) LightGBM loads our model.txt and predicts test.csv; its raw scores must equal ours (ours.txt).
(2) LightGBM trains on the same train.csv with the same parameters (num_threads=1, deterministic); we report
whether its model's trees are identical to ours and both models' test MSE. Cases with bagging or feature
fraction cannot be identical (different random generators), only similar.
"""
import json
import os
import sys

import lightgbm as lgb
import numpy as np
import pandas as pd

root = sys.argv[1] if len(sys.argv) > 1 else '/tmp/algobot-training-verify'


def trees(text):
    """The tree section of a model file, without the parameters and trailer."""
    start = text.index('Tree=0')
    return text[start:text.index('end of trees')]


for name in sorted(os.listdir(root)):
    d = os.path.join(root, name)
    params = {k: (v if k == 'objective' else float(v) if '.' in v else int(v))
              for k, v in json.load(open(os.path.join(d, 'params.json'))).items()}
    test = pd.read_csv(os.path.join(d, 'test.csv'), float_precision='round_trip')
    X, y = test.drop(columns=['target']), test['target'].to_numpy()
    ours = np.loadtxt(os.path.join(d, 'ours.txt'))
    booster = lgb.Booster(model_file=os.path.join(d, 'model.txt'))
    theirs = booster.predict(X, raw_score=True)
    diff = np.max(np.abs(theirs - ours))

    train = pd.read_csv(os.path.join(d, 'train.csv'), float_precision='round_trip')
    ds = lgb.Dataset(train.drop(columns=['target']), label=train['target'], params={'verbosity': -1})
    p = dict(params, num_threads=1, deterministic=True, force_row_wise=True, verbosity=-1)
    valid_sets, callbacks = [], []
    if os.path.exists(os.path.join(d, 'valid.csv')):
        v = pd.read_csv(os.path.join(d, 'valid.csv'), float_precision='round_trip')
        valid_sets = [lgb.Dataset(v.drop(columns=['target']), label=v['target'], reference=ds)]
    ref = lgb.train(p, ds, valid_sets=valid_sets)
    ref_text = ref.model_to_string()
    same = trees(ref_text) == trees(open(os.path.join(d, 'model.txt')).read())
    mse_ours = float(np.mean((ours - y) ** 2))
    mse_ref = float(np.mean((ref.predict(X) - y) ** 2))
    print(f'{name}: LightGBM {lgb.__version__} loads our file, max |its prediction - ours| = {diff:.3g}; '
          f'LightGBM trained: {ref.num_trees()} trees, ours {booster.num_trees()}; identical trees: {same}; '
          f'test MSE ours {mse_ours:.6g} vs LightGBM {mse_ref:.6g} ({100 * (mse_ours / mse_ref - 1):+.2f} %)')
