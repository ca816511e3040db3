"""Guard keeps non-finite updates off the weights (issue: Foundation)."""

from __future__ import annotations

import json

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

import nanguard  # noqa: E402
from nanguard.errors import NonFiniteError  # noqa: E402

BATCH = 8
BAD_STEP = 3


def _data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = (x @ rng.normal(size=(4, 1))).astype("float32")
    return x, y


def _model(optimizer=None, bn=False, **compile_kw):
    keras.utils.set_random_seed(7)
    layers = [keras.Input((4,)), keras.layers.Dense(16, activation="tanh")]
    if bn:
        layers.append(keras.layers.BatchNormalization())
    layers.append(keras.layers.Dense(1))
    model = keras.Sequential(layers)
    model.compile(optimizer=optimizer or keras.optimizers.Adam(1e-2), loss="mse", **compile_kw)
    return model


class Recorder(keras.callbacks.Callback):
    """Every model and optimizer variable after each train batch (host copies)."""

    def __init__(self):
        super().__init__()
        self.after = []

    def _grab(self):
        vals = [np.array(v.numpy(), copy=True) for v in self.model.variables]
        vals += [np.array(v.numpy(), copy=True) for v in self.model.optimizer.variables]
        return vals

    def on_train_begin(self, logs=None):
        self.initial = self._grab()

    def on_train_batch_end(self, batch, logs=None):
        self.after.append(self._grab())

    def state_before(self, step):
        return self.initial if step == 0 else self.after[step - 1]


def _bitwise_equal(a, b):
    return len(a) == len(b) and all(
        x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()
        for x, y in zip(a, b)
    )


def _fit(model, x, y, guard, epochs=1, **kw):
    rec = Recorder()
    model.fit(x, y, batch_size=BATCH, epochs=epochs, shuffle=False, verbose=0,
              callbacks=[guard, rec], **kw)
    return rec


def _assert_only_bad_step_skipped(rec, guard, bad_step=BAD_STEP, n_steps=8):
    assert guard.skipped == 1
    assert _bitwise_equal(rec.state_before(bad_step), rec.after[bad_step])
    for step in range(n_steps):
        if step != bad_step:
            assert not _bitwise_equal(rec.state_before(step), rec.after[step]), step
    assert all(np.isfinite(v.numpy()).all() for v in rec.model.variables)


@pytest.mark.parametrize("where", ["feature_nan", "feature_inf", "label_nan"])
def test_step_with_nonfinite_batch_is_skipped_and_leaves_every_variable_bitwise_unchanged(where):
    x, y = _data()
    row = BAD_STEP * BATCH + 2
    if where == "feature_nan":
        x[row, 1] = np.nan
    elif where == "feature_inf":
        x[row, 1] = np.inf
    else:
        y[row, 0] = np.nan
    model = _model(bn=True)
    guard = nanguard.keras.Guard(verbose=0)
    rec = _fit(model, x, y, guard)
    _assert_only_bad_step_skipped(rec, guard)


def _grad_only_loss(y_true, y_pred):
    # sqrt(s * d^2): with s = 0 the forward value is sqrt(0) = 0 (finite) but the
    # gradient is inf * 0 = NaN -- a backward-only failure.
    s = y_true[:, 1:2]
    return tf.reduce_mean(tf.sqrt(s * tf.square(y_pred - y_true[:, 0:1])))


def test_gradient_only_nan_from_a_finite_forward_is_skipped():
    x, y = _data()
    s = np.ones_like(y)
    s[BAD_STEP * BATCH:(BAD_STEP + 1) * BATCH] = 0.0
    y2 = np.concatenate([y, s], axis=1)
    model = _model()
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss=_grad_only_loss)
    guard = nanguard.keras.Guard(verbose=0)
    rec = _fit(model, x, y2, guard)
    _assert_only_bad_step_skipped(rec, guard)
    assert guard.events[0]["trigger"] == "gradients"
    assert np.isfinite(guard.events[0]["loss"])


def test_nonfinite_loss_with_finite_gradients_is_skipped_as_loss_trigger():
    def loss_with_inf_constant(y_true, y_pred):
        bad = tf.reduce_any(tf.equal(y_true, 123.0))
        penalty = tf.where(bad, tf.constant(np.inf, tf.float32), 0.0)
        return tf.reduce_mean(tf.square(y_true - y_pred)) + tf.stop_gradient(penalty)

    x, y = _data()
    y[BAD_STEP * BATCH] = 123.0
    model = _model()
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss=loss_with_inf_constant)
    guard = nanguard.keras.Guard(verbose=0)
    rec = _fit(model, x, y, guard)
    _assert_only_bad_step_skipped(rec, guard)
    assert guard.events[0]["trigger"] == "loss"


@pytest.mark.parametrize(
    "compile_kw",
    [
        pytest.param({"jit_compile": True}, id="jit_compile"),
        pytest.param({"steps_per_execution": 3}, id="steps_per_execution_3"),
    ],
)
def test_guard_skips_under_compile_options(compile_kw):
    x, y = _data()
    x[BAD_STEP * BATCH, 0] = np.nan
    model = _model(**compile_kw)
    guard = nanguard.keras.Guard(verbose=0)
    before = [v.numpy().copy() for v in model.variables]
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[guard])
    assert guard.skipped == 1
    assert guard.steps == 8
    after = [v.numpy() for v in model.variables]
    assert all(np.isfinite(a).all() for a in after)
    assert not _bitwise_equal(before, after)


@pytest.mark.parametrize(
    "opt_kw",
    [
        pytest.param({"clipnorm": 1.0}, id="clipnorm"),
        pytest.param({"clipvalue": 0.5}, id="clipvalue"),
        pytest.param({"global_clipnorm": 1.0}, id="global_clipnorm"),
    ],
)
def test_guard_works_with_clipping_already_set_on_the_optimizer(opt_kw):
    x, y = _data()
    x[BAD_STEP * BATCH, 0] = np.nan
    model = _model(optimizer=keras.optimizers.SGD(1e-2, **opt_kw))
    guard = nanguard.keras.Guard(verbose=0)
    rec = _fit(model, x, y, guard)
    _assert_only_bad_step_skipped(rec, guard)


def test_guard_clipnorm_clips_finite_steps_after_the_check(tmp_path):
    x, y = _data()
    y *= 1000.0  # large gradients
    model = _model(optimizer=keras.optimizers.SGD(0.1))
    guard = nanguard.keras.Guard(logdir=tmp_path, clipnorm=0.5, log_every=1, verbose=0)
    rec = _fit(model, x, y, guard)
    for step in range(8):
        before, after = rec.state_before(step), rec.after[step]
        n_model = len(model.variables)
        delta = np.sqrt(sum(np.sum((a - b) ** 2) for a, b in
                            zip(after[:n_model], before[:n_model])))
        assert delta <= 0.1 * 0.5 * (1 + 1e-4)
    records = [json.loads(line) for line in (tmp_path / "steps.jsonl").read_text().splitlines()]
    assert records and all(r["clip_scale"] < 1.0 for r in records)


def test_consecutive_skips_stop_training_with_nonfinite_error_and_keep_last_finite_weights():
    x, y = _data()
    x[2 * BATCH:, 0] = np.nan  # from step 2 on, every batch is bad
    model = _model()
    guard = nanguard.keras.Guard(max_consecutive_skips=3, verbose=0)
    rec = Recorder()
    with pytest.raises(
        NonFiniteError,
        match=r"stopped training at step 4: 3 consecutive steps had non-finite loss "
        r"\(max_consecutive_skips=3\)",
    ) as info:
        model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0,
                  callbacks=[guard, rec])
    assert info.value.step == 4 and info.value.what == "loss"
    assert info.value.consecutive == 3
    assert _bitwise_equal([v.numpy() for v in model.variables],
                          rec.after[1][: len(model.variables)])
    # The model is left unpatched: plain training works afterwards.
    assert "train_step" not in vars(model)
    x2, y2 = _data(seed=1)
    model.fit(x2, y2, batch_size=BATCH, epochs=1, verbose=0)


def test_repeated_fit_accumulates_counts_and_unpatches_the_model():
    x, y = _data()
    x[BAD_STEP * BATCH, 0] = np.nan
    model = _model()
    guard = nanguard.keras.Guard(verbose=0)
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[guard])
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[guard])
    assert guard.skipped == 2 and guard.steps == 16
    assert "apply" not in vars(model.optimizer)
    assert "train_step" not in vars(model)


def test_mixed_float16_overflow_is_left_to_the_loss_scale_and_nan_loss_is_skipped():
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        x, y = _data()
        y[BAD_STEP * BATCH, 0] = np.nan
        model = _model()
        assert isinstance(model.optimizer, keras.optimizers.LossScaleOptimizer)
        guard = nanguard.keras.Guard(verbose=0)
        rec = _fit(model, x, y, guard)
        assert guard.skipped == 1
        n_model = len(model.variables)
        before, after = rec.state_before(BAD_STEP), rec.after[BAD_STEP]
        assert _bitwise_equal(before, after)
        assert all(np.isfinite(v.numpy()).all() for v in model.variables[:n_model])
    finally:
        keras.mixed_precision.set_global_policy("float32")


def test_mirrored_strategy_replicas_agree_to_skip_when_only_one_replica_sees_nan(mirrored_strategy):
    strategy = mirrored_strategy
    x, y = _data()
    # Replica 1 gets the second half of each global batch of 8: poison only that half.
    x[BAD_STEP * BATCH + 6, 0] = np.nan
    with strategy.scope():
        model = _model(bn=True)
    guard = nanguard.keras.Guard(verbose=0)
    rec = _fit(model, x, y, guard)
    _assert_only_bad_step_skipped(rec, guard)
    # Trainable variables are mirrored: every replica must hold the same bytes.
    # (BatchNorm statistics are ON_READ, per replica by Keras' design.)
    for v in model.trainable_variables:
        per_replica = [np.asarray(t) for t in getattr(v.value, "values", [v.value])]
        for other in per_replica[1:]:
            assert per_replica[0].tobytes() == other.tobytes(), v.path


@pytest.mark.parametrize(
    "kwargs, match",
    [
        pytest.param({"clipnorm": 0}, r"`clipnorm` must be a finite number > 0 or None; got 0",
                     id="clipnorm_zero"),
        pytest.param({"clipnorm": -1.5}, r"`clipnorm` must be .*; got -1.5", id="clipnorm_neg"),
        pytest.param({"max_consecutive_skips": 0},
                     r"`max_consecutive_skips` must be an int >= 1; got 0", id="max_skips_zero"),
        pytest.param({"spike_window": 1}, r"`spike_window` must be an int >= 2; got 1",
                     id="spike_window"),
    ],
)
def test_guard_rejects_bad_arguments_at_construction(kwargs, match):
    with pytest.raises(ValueError, match=match):
        nanguard.keras.Guard(**kwargs)


def test_guard_rejects_a_logdir_that_is_a_file(tmp_path):
    path = tmp_path / "file.txt"
    path.write_text("x")
    with pytest.raises(ValueError, match=r"`logdir` must be a folder .*file.txt.*exists as a file"):
        nanguard.keras.Guard(logdir=path)
    assert path.read_text() == "x"


def test_guard_rejects_an_unwritable_logdir(unwritable_path):
    with pytest.raises(ValueError, match=r"`logdir` must be a writable folder"):
        nanguard.keras.Guard(logdir=unwritable_path)


def test_run_log_records_sampled_steps_skips_and_summary(tmp_path):
    x, y = _data()
    x[BAD_STEP * BATCH, 0] = np.nan
    model = _model()
    guard = nanguard.keras.Guard(logdir=tmp_path, log_every=2, verbose=0)
    _fit(model, x, y, guard, epochs=2)
    lines = (tmp_path / "steps.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    for r in records:
        assert {"step", "loss", "grad_norm", "finite", "skipped", "clip_scale"} <= set(r)
    skipped = [r["step"] for r in records if r["skipped"]]
    assert skipped == [BAD_STEP, 8 + BAD_STEP]
    sampled = [r["step"] for r in records if not r["skipped"]]
    assert sampled == sorted(sampled) and len(sampled) >= 6
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["steps"] == 16 and run["skipped"] == 2 and run["status"] == "completed"
    assert run["config"]["max_consecutive_skips"] == 25
    assert "tensorflow" in run["versions"]
    events = (tmp_path / "events.jsonl").read_text().splitlines()
    kinds = [json.loads(line)["kind"] for line in events]
    assert kinds.count("skip") == 2
