"""Robustness sweep (Keras): NaN bugs from real TensorFlow/Keras issue threads, rewritten as a
user's small ``model.fit`` program (the buggy line in the user's own layer, loss or schedule),
run under the documented ``nanguard.keras.Guard(logdir=...)``.

Each program pins the two promises: no non-finite value reaches the weights (every bad step
is skipped, the weights stay finite and unchanged), and the incident's finding names the
phase, the op, the layer and the line marked ``# BUG-LINE <name>`` in this file, with the
cause and trigger. The source URL of each report is in the comment above its program.
"""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

import nanguard.keras  # noqa: E402


def _mlp(d_in=4, units=8, out=1, act=None, seed=0):
    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input((d_in,)), keras.layers.Dense(units, activation="tanh"),
                             keras.layers.Dense(out, activation=act)])


# K1 https://github.com/tensorflow/tensorflow/issues/27684 : where(x >= 0, alpha * log(x), 0)
class LogScale(keras.layers.Layer):
    def build(self, shape):
        self.alpha = self.add_weight(shape=(), initializer="ones", name="alpha")

    def call(self, x):
        return tf.where(x >= 0, self.alpha * tf.math.log(x), tf.zeros_like(x))  # BUG-LINE k1


def k1_where_log_scale():
    keras.utils.set_random_seed(0)
    inp = keras.Input((4,))
    h = LogScale()(keras.layers.Dense(4)(inp))
    model = keras.Model(inp, keras.layers.Dense(1)(h))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 4)).astype("float32")
    y = rng.normal(size=(32, 1)).astype("float32")
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
    return model, x, y


# K2 https://github.com/tensorflow/tensorflow/issues/20355 : where(x<0, 1/(1-x), log(x+1))
class Transfer(keras.layers.Layer):
    def call(self, x):
        return tf.where(x < 0, 1.0 / (1.0 - x), tf.math.log(x + 1.0))  # BUG-LINE k2


def k2_transfer_layer():
    keras.utils.set_random_seed(0)
    inp = keras.Input((4,))
    h = keras.layers.Dense(4)(inp)
    h = Transfer()(h)
    out = keras.layers.Dense(1)(h)
    model = keras.Model(inp, out)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 4)).astype("float32")
    y = rng.normal(size=(32, 1)).astype("float32")
    # the first Dense is the identity with bias 0, and one sample's feature is exactly -1
    model.layers[1].set_weights([np.eye(4, dtype="float32"), np.zeros(4, "float32")])
    x[5, 2] = x[21, 2] = -1.0  # one sample in each batch
    model.compile(optimizer=keras.optimizers.SGD(1e-2), loss="mse")
    return model, x, y


# K3 https://github.com/keras-team/keras/issues/5733 : -sum(log(policy) * baseline)
def k3_policy_log_loss():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    kernel = np.array([[200.0, -200.0]] * 4, "float32")
    model.layers[0].set_weights([kernel, np.zeros(2, "float32")])
    rng = np.random.default_rng(0)
    x = np.abs(rng.normal(size=(32, 4))).astype("float32")  # saturates: policy = [1, 0]
    baseline = np.zeros((32, 2), "float32")
    baseline[:, 0] = 1.17

    def policy_loss(y_true, y_pred):
        return -tf.reduce_sum(tf.math.log(y_pred) * y_true, axis=-1)  # BUG-LINE k3
    model.compile(optimizer=keras.optimizers.SGD(1e-3), loss=policy_loss)
    return model, x, baseline


# K4 https://github.com/tensorflow/tensor2tensor/issues/614 : rsqrt decay schedule at step 0
class RsqrtDecay(keras.optimizers.schedules.LearningRateSchedule):
    def __init__(self, d_model=16, warmup=4000):
        self.d_model, self.warmup = d_model, warmup

    def __call__(self, step):
        step = tf.cast(step, tf.float32)
        return self.d_model ** -0.5 * tf.math.rsqrt(step)  # BUG-LINE k4 (warm-up forgotten)

    def get_config(self):
        return {"d_model": self.d_model, "warmup": self.warmup}


def k4_rsqrt_schedule():
    model = _mlp()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 4)).astype("float32")
    y = rng.normal(size=(32, 1)).astype("float32")
    model.compile(optimizer=keras.optimizers.Adam(RsqrtDecay()), loss="mse")
    return model, x, y




# K5 https://www.tensorflow.org/api_docs/python/tf/custom_gradient : log(1 + exp(x)) is NaN
# at x = 100 ("Due to numerical instability"); a user's softplus layer written that way.
class LogOnePlusExp(keras.layers.Layer):
    def call(self, x):
        return tf.math.log(1.0 + tf.exp(x))  # BUG-LINE k5


# K6: the same page's fix, a tf.custom_gradient with the analytic gradient: healthy.
@tf.custom_gradient
def log1pexp(x):
    e = tf.exp(tf.minimum(x, 80.0))

    def grad(upstream):
        return upstream * (1 - 1 / (1 + e))
    return tf.math.log(1.0 + e), grad


class StableLogOnePlusExp(keras.layers.Layer):
    def call(self, x):
        return log1pexp(x)


def _softplus_model(layer):
    keras.utils.set_random_seed(0)
    inp = keras.Input((4,))
    dense = keras.layers.Dense(4)
    out = keras.layers.Dense(1)(layer(dense(inp)))
    model = keras.Model(inp, out)
    dense.set_weights([np.eye(4, dtype="float32") * 100.0, np.zeros(4, "float32")])
    rng = np.random.default_rng(0)
    x = np.abs(rng.normal(size=(32, 4))).astype("float32") + 1.0  # pre-activations >= 100
    y = rng.normal(size=(32, 1)).astype("float32")
    model.compile(optimizer=keras.optimizers.SGD(1e-3), loss="mse")
    return model, x, y


def k5_log_one_plus_exp():
    return _softplus_model(LogOnePlusExp())


def k6_custom_gradient_log1pexp():
    return _softplus_model(StableLogOnePlusExp())


def _bug_line(tag: str) -> int:
    lines = open(__file__).read().splitlines()
    return next(i for i, text in enumerate(lines, 1) if f"# BUG-LINE {tag}" in text)


def _fit_guarded(make, tmp_path):
    model, x, y = make()
    before = [w.copy() for w in model.get_weights()]
    guard = nanguard.keras.Guard(logdir=str(tmp_path), max_consecutive_skips=100, verbose=0)
    model.fit(x, y, batch_size=16, epochs=1, verbose=0, shuffle=False, callbacks=[guard])
    assert guard.skipped == 2  # both batches of the epoch
    after = model.get_weights()
    assert all(np.isfinite(w).all() for w in after)
    assert all(np.array_equal(b, a) for b, a in zip(before, after))
    return guard.incidents[0]["finding"]


def _check(finding, tag, *, phase, op, cause, trigger, layer_class=None, text=()):
    origin = finding["origin"]
    assert (origin["phase"], origin["op"], origin["line"]) == (phase, op, _bug_line(tag)), origin
    assert origin["file"] == __file__
    assert (finding["cause"], finding["trigger"]) == (cause, trigger), finding
    if layer_class is not None:
        assert origin["layer_class"] == layer_class
    for piece in text:
        assert piece in finding["explanation"] + finding["fix"], finding


def test_scaled_log_in_a_discarded_where_branch_is_a_backward_trap_in_the_users_layer(tmp_path):
    finding = _fit_guarded(k1_where_log_scale, tmp_path)
    _check(finding, "k1", phase="backward", op="Log", cause="where_gradient_trap",
           trigger="gradients", layer_class="LogScale", text=("safe_where", "discarded"))
    # Failed before core.causes worded the where trap apart: it said "produced finite values".
    assert "produced finite values" not in finding["explanation"]


def test_reciprocal_and_log_transfer_layer_names_the_log_branch_at_minus_one(tmp_path):
    finding = _fit_guarded(k2_transfer_layer, tmp_path)
    _check(finding, "k2", phase="backward", op="Log", cause="where_gradient_trap",
           trigger="gradients", layer_class="Transfer")
    assert finding["origin"]["grad_op"] == "Reciprocal"


def test_log_of_a_saturated_softmax_in_a_custom_loss_is_a_forward_log_of_zero(tmp_path):
    finding = _fit_guarded(k3_policy_log_loss, tmp_path)
    _check(finding, "k3", phase="forward", op="Log", cause="log_of_zero", trigger="loss",
           text=("safe_log", "from_logits"))


def test_rsqrt_schedule_without_warmup_names_the_schedule_line_and_skips(tmp_path):
    finding = _fit_guarded(k4_rsqrt_schedule, tmp_path)
    _check(finding, "k4", phase="forward", op="Rsqrt", cause="div_by_zero",
           trigger="learning_rate", text=("rsqrt(step + 1)",))


def test_log_one_plus_exp_at_large_input_is_a_forward_exp_overflow_in_the_users_layer(tmp_path):
    finding = _fit_guarded(k5_log_one_plus_exp, tmp_path)
    _check(finding, "k5", phase="forward", op="Exp", cause="overflow", trigger="loss",
           layer_class="LogOnePlusExp", text=("safe_exp",))


def test_custom_gradient_fix_from_the_same_report_trains_without_a_skip(tmp_path):
    model, x, y = k6_custom_gradient_log1pexp()
    guard = nanguard.keras.Guard(logdir=str(tmp_path), verbose=0)
    history = model.fit(x, y, batch_size=16, epochs=2, verbose=0, shuffle=False,
                        callbacks=[guard])
    assert guard.skipped == 0 and not guard.incidents
    assert np.isfinite(history.history["loss"]).all()
