"""Which code counts as Keras-traced, and which functions count as losses.

A method Keras traces into a graph (``call``, ``train_step``, ``compute_loss``) is a
graph only in a class that can be Keras's: PyTorch runs the same method names
eagerly, where a host check on a tensor is legal. A function whose name contains
``loss`` but names a scale, weight or factor of a loss returns that factor, not a
loss: returning ``1.0`` from it is no dead gradient.
"""

from __future__ import annotations

import textwrap

from nanguard.lint import lint_source


def _codes(source: str, level: str = "medium") -> list[tuple[int, str]]:
    found = lint_source(textwrap.dedent(source), "example.py", min_confidence=level)
    return sorted((d.line, d.code) for d in found)


_TORCH_COMPUTE_LOSS = """\
    import torch

    class FastAP({base}):
        def compute_loss(self, embeddings, labels):
            safe_n = (labels > 0).float()
            if torch.sum(safe_n) == 0:
                return torch.zeros((), requires_grad=True)
            return embeddings.sum()
"""


def test_compute_loss_of_a_torch_module_is_not_a_keras_graph_method() -> None:
    source = _TORCH_COMPUTE_LOSS.format(base="torch.nn.Module")
    assert ("NG105", 6) not in {(c, line) for line, c in _codes(source)}


def test_compute_loss_of_an_unresolved_base_in_a_torch_only_module_is_eager() -> None:
    # pytorch-metric-learning: `class FastAPLoss(BaseMetricLossFunction)`, the base
    # imported from a sibling module; the file imports torch and no traced framework.
    source = "from .base import BaseLoss\n" + textwrap.dedent(
        _TORCH_COMPUTE_LOSS.format(base="BaseLoss")
    )
    assert not [c for _, c in _codes(source) if c == "NG105"]


def test_lightning_test_step_is_eager() -> None:
    source = """\
        import lightning.pytorch as pl
        import torch

        class Model(pl.LightningModule):
            def test_step(self, batch, batch_idx):
                x, y = batch
                return float(torch.nn.functional.mse_loss(self(x), y))
    """
    assert not [c for _, c in _codes(source, "low") if c == "NG105"]


def test_compute_loss_of_a_keras_model_is_still_a_graph_method() -> None:
    source = """\
        import keras
        import tensorflow as tf

        class Model(keras.Model):
            def compute_loss(self, x, y, y_pred, sample_weight=None):
                if tf.reduce_any(tf.math.is_nan(y_pred)):
                    return tf.constant(0.0)
                return tf.reduce_mean(tf.square(y - y_pred))
    """
    assert (6, "NG105") in _codes(source)


def test_keras_class_in_a_file_that_also_imports_torch_is_still_traced() -> None:
    # A Keras 3 layer file that serves the torch backend too: the class decides.
    source = """\
        import torch
        from keras import layers, ops

        class Block(layers.Layer):
            def call(self, x):
                if ops.any(ops.isnan(x)):
                    return ops.zeros_like(x)
                return x
    """
    assert (6, "NG105") in _codes(source)


def test_torch_class_in_a_file_that_also_imports_tensorflow_is_eager() -> None:
    source = """\
        import tensorflow as tf
        import torch
        from torch import nn

        class Head(nn.Module):
            def call(self, x):
                if torch.any(torch.isnan(x)):
                    return torch.zeros_like(x)
                return x
    """
    assert not [c for _, c in _codes(source, "low") if c == "NG105"]


def test_a_loss_of_a_torch_class_in_a_file_that_imports_tensorflow_is_low() -> None:
    # The module's imports alone would call it traced; the class's base says eager.
    source = "import tensorflow as tf\n" + textwrap.dedent(
        _TORCH_COMPUTE_LOSS.format(base="torch.nn.Module")
    )
    assert (7, "NG105") not in _codes(source)
    assert (7, "NG105") in _codes(source, "low")


def test_a_torch_subclass_of_a_local_torch_class_is_eager() -> None:
    source = """\
        import tensorflow as tf
        import torch

        class Base(torch.nn.Module):
            pass

        class Child(Base):
            def train_step(self, x):
                return x.item()
    """
    assert not [c for _, c in _codes(source, "low") if c == "NG105"]


def test_a_loss_scale_function_returning_one_is_not_a_constant_loss() -> None:
    # open_clip `get_naflex_loss_scale`: 1.0 is the identity scale.
    source = """\
        import math
        import torch

        def get_loss_scale(batch, args):
            if args.loss_scale is None:
                return 1.0
            if batch["x"].shape[0] == 0:
                return 1.0
            return math.sqrt(batch["x"].shape[0] / args.batch_size)

        def loss_weight_for(step, warmup):
            if step < warmup:
                return 0.0
            return 1.0

        def lossScaleFactor(batch):
            if batch is None:
                return 1
            return 1.0
    """
    assert not [c for _, c in _codes(source, "low") if c == "NG106"]


def test_a_loss_that_returns_a_constant_is_still_flagged() -> None:
    source = """\
        import torch

        def scaled_loss(y_true, y_pred):
            if y_pred.shape[0] == 0:
                return torch.tensor(0.0)
            return ((y_true - y_pred) ** 2).mean()

        def loss_fn(y_true, y_pred):
            if y_pred.shape[0] == 0:
                return 0.0
            return ((y_true - y_pred) ** 2).mean()

        def lossScaled(y_true, y_pred):
            return 0.0
    """
    found = [line for line, c in _codes(source) if c == "NG106"]
    assert found == [5, 10, 14]


_CALL_HELPER = """\
    {imports}


    def helper(v):
        return torch.exp(v)


    class Block({base}):
        def call(self, x):
            return helper(x) + torch.exp(x)
"""


def _exp_levels(imports: str, base: str) -> list[tuple[int, str]]:
    source = _CALL_HELPER.format(imports=imports, base=base)
    return [(line, c) for line, c in _codes(source) if c == "NG108"]


def test_call_of_a_torch_class_gives_its_inputs_no_layer_input_evidence() -> None:
    # As PyTorch's `forward`: neither in the method nor passed on to a helper.
    assert _exp_levels("import torch", "torch.nn.Module") == []


def test_call_of_a_keras_layer_gives_its_inputs_layer_input_evidence() -> None:
    found = _exp_levels("import keras\n    import torch", "keras.layers.Layer")
    assert found == [(6, "NG108"), (11, "NG108")]
