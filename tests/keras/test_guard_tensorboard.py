"""Guard(tensorboard=True) writes real event files whose scalars match the run log."""

from __future__ import annotations

import json

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")
tbparse = pytest.importorskip("tbparse")

import nanguard  # noqa: E402


def test_guard_event_files_match_the_run_log(tmp_path):
    keras.utils.set_random_seed(3)
    rng = np.random.default_rng(3)
    x = rng.normal(size=(80, 4)).astype("float32")
    y = rng.normal(size=(80, 1)).astype("float32")
    x[21, 2] = np.nan  # step 2 with batch 10
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, name="lin")])
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    guard = nanguard.keras.Guard(logdir=tmp_path, tensorboard=True, log_every=1, verbose=0)
    model.fit(x, y, batch_size=10, epochs=1, shuffle=False, verbose=0, callbacks=[guard])

    steps = [json.loads(line) for line in (tmp_path / "steps.jsonl").read_text().splitlines()]
    healthy = {r["step"]: r for r in steps if not r["skipped"]}
    reader = tbparse.SummaryReader(str(tmp_path / "tensorboard"))
    scalars = reader.scalars
    loss = scalars[scalars.tag == "nanguard/loss"].set_index("step")["value"]
    assert sorted(loss.index) == sorted(healthy)
    for step, rec in healthy.items():
        assert loss[step] == pytest.approx(rec["loss"], rel=1e-6)
    skipped = scalars[scalars.tag == "nanguard/skipped"]
    assert skipped["value"].max() == 1
    texts = reader.text
    assert (texts.tag == "nanguard/incident").sum() == 1
    assert "nonfinite_input" in texts[texts.tag == "nanguard/incident"]["value"].iloc[0]


def test_tensorboard_without_logdir_is_refused():
    with pytest.raises(ValueError, match=r"`tensorboard` must be False when `logdir` is None"):
        nanguard.keras.Guard(tensorboard=True)
