"""A short soak: 2,000 decisions, undos and redos through the session and the papers model.

The long one is `python tests/soak.py --decisions 100000` (see tests/soak.py).
"""

from __future__ import annotations

from soak import run_soak


def test_2000_operations_through_the_session_keep_log_store_and_model_in_agreement(qapp, tmp_path):
    report = run_soak(2_000, tmp_path, seed=7, papers=120)  # raises if the log, store, session or model disagree
    assert report.operations == 2_000 and report.failures == []
    assert report.logged_actions > 1_000
    assert report.growth_mb < 30, report.summary()
