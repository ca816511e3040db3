"""Every loss trains a tiny Keras model, configured (``loss=X(...)``) or bare (``loss=X``)."""

from __future__ import annotations

import keras
import numpy as np
import pytest

import nanguard
from nanguard import losses

RNG = np.random.default_rng(0)
X = RNG.normal(size=(16, 4)).astype("float32")


def _onehot(classes):
    return np.eye(classes, dtype="float32")[RNG.integers(0, classes, 16)]


# loss, targets, output width, output activation, reshape of the output
CASES = [
    ("mse", losses.mse(), RNG.normal(size=(16, 1)), 1, None),
    ("mae", losses.mae(), RNG.normal(size=(16, 1)), 1, None),
    ("huber", losses.huber(delta=0.5), RNG.normal(size=(16, 1)), 1, None),
    ("log_cosh", losses.log_cosh(), RNG.normal(size=(16, 1)), 1, None),
    ("bce_probs", losses.binary_crossentropy(), RNG.integers(0, 2, (16, 1)), 1, "sigmoid"),
    ("bce_logits", losses.binary_crossentropy(from_logits=True), RNG.integers(0, 2, (16, 1)), 1,
     None),
    ("cce_logits_masked",
     losses.categorical_crossentropy(from_logits=True, mask=np.array([True, True, False])),
     _onehot(2).repeat([1, 2], axis=1)[:, :3], 3, None),
    ("focal", losses.focal(gamma=1.5, from_logits=True), RNG.integers(0, 2, (16, 1)), 1, None),
    ("kl_divergence", losses.kl_divergence(), _onehot(3), 3, "softmax"),
    ("cosine_distance", losses.cosine_distance(), RNG.normal(size=(16, 3)), 3, None),
    ("euclidean_distance", losses.euclidean_distance(), RNG.normal(size=(16, 3)), 3, None),
    ("angular_distance", losses.angular_distance(), RNG.normal(size=(16, 3)), 3, None),
    ("dice", losses.dice(smooth=1.0), RNG.integers(0, 2, (16, 3)), 3, "sigmoid"),
    ("poisson_nll", losses.poisson_nll(), RNG.poisson(2.0, (16, 1)), 1, None),
    ("gaussian_nll", losses.gaussian_nll(var_floor=1e-3), RNG.normal(size=(16, 2)), 4, "softplus"),
    ("rmsle", losses.rmsle(), RNG.uniform(0, 3, (16, 1)), 1, None),
    ("contrastive", losses.contrastive(margin=1.0), RNG.integers(0, 2, (16,)), 6, (2, 3)),
]  # fmt: skip


def _model(width, activation):
    layers = [keras.Input((4,))]
    if isinstance(activation, tuple):
        layers += [keras.layers.Dense(width), keras.layers.Reshape(activation)]
    else:
        layers += [keras.layers.Dense(width, activation=activation)]
    return keras.Sequential(layers)


@pytest.mark.parametrize(
    ("name", "loss", "targets", "width", "activation"),
    [pytest.param(*case, id=case[0]) for case in CASES],
)
def test_configured_loss_trains_a_keras_model_with_finite_loss(
    seeded, name, loss, targets, width, activation
):
    model = _model(width, activation)
    model.compile(optimizer="sgd", loss=loss)
    history = model.fit(X, targets.astype("float32"), batch_size=8, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    assert loss.__name__ in repr(loss)


def test_bare_loss_function_works_in_compile_and_as_a_plain_function(seeded):
    targets = RNG.normal(size=(16, 1)).astype("float32")
    model = _model(1, None)
    model.compile(optimizer="sgd", loss=nanguard.losses.log_cosh)
    history = model.fit(X, targets, batch_size=8, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    per_sample = nanguard.losses.log_cosh(targets, model.predict(X, verbose=0))
    assert per_sample.shape == (16,)


def test_configured_loss_is_a_plain_callable_returning_per_sample_losses():
    huber = losses.huber(delta=2.0)
    assert huber.__name__ == "huber" and huber.get_config() == {"name": "huber", "delta": 2.0}
    out = huber(np.zeros((5, 3), "float32"), np.full((5, 3), 3.0, "float32"))
    np.testing.assert_allclose(out, np.full(5, 4.0))


def test_loss_under_mixed_float16_policy_trains_with_finite_float32_loss(seeded):
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        model = _model(1, None)
        model.compile(optimizer="sgd", loss=losses.log_cosh())
        targets = (RNG.normal(size=(16, 1)) * 1e3).astype("float32")  # cosh(1e3) = inf
        history = model.fit(X, targets, batch_size=8, epochs=1, verbose=0)
    finally:
        keras.mixed_precision.set_global_policy("float32")
    assert np.isfinite(history.history["loss"]).all()
