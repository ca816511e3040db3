"""Installs the in-graph guard into a compiled Keras model for the length of a ``fit``.

Nothing about the model changes permanently: the optimizer's ``apply`` and
``scale_loss`` and the model's ``train_step`` are replaced by *instance*
attributes that call the originals, and removed again when training ends. The
optimizer object, its variables and checkpoints stay exactly Keras'.

- ``scale_loss`` is called by Keras inside the tape with the step's loss: we note
  the loss so the guard can check it (a custom ``train_step`` that never calls
  it still gets its gradients checked).
- ``apply`` runs the update only in the healthy branch of a ``tf.cond``; it also
  reads the learning rate the schedule gives for this step (and the optimizer's
  other hyperparameters) so the guard checks them with the loss and gradients.
- ``train_step`` reads the non-trainable and metric variables before the step
  (BatchNorm statistics, RNG state, the loss tracker) and restores them when the
  step is skipped, so a skipped step leaves *every* variable bitwise unchanged.
"""

from __future__ import annotations

import threading
from typing import Any

import keras
import tensorflow as tf

from nanguard.tf.hyperparameters import read_hyperparameters
from nanguard.tf.step import GraphGuard


def _flatten_with_paths(prefix: str, value: Any, out: list) -> None:
    if value is None:
        return
    if isinstance(value, dict):
        for key in sorted(value, key=str):
            _flatten_with_paths(f"{prefix}/{key}", value[key], out)
    elif isinstance(value, (list, tuple)):
        if len(value) == 1:
            _flatten_with_paths(prefix, value[0], out)
        else:
            for i, item in enumerate(value):
                _flatten_with_paths(f"{prefix}/{i}", item, out)
    elif tf.is_tensor(value):
        out.append((prefix, value))


def batch_paths(data: Any) -> list[tuple[str, Any]]:
    """``[("x", t), ("y", t), ("sample_weight", t)]`` with nested names like ``x/name``."""
    x, y, sw = keras.utils.unpack_x_y_sample_weight(data)
    out: list = []
    _flatten_with_paths("x", x, out)
    _flatten_with_paths("y", y, out)
    _flatten_with_paths("sample_weight", sw, out)
    return out


def variable_path(v: Any) -> str:
    return getattr(v, "path", None) or getattr(v, "name", "variable")


class Installation:
    """The patches applied to one model during each ``fit``; ``remove()`` undoes them.

    One object per traced guarded train function: a later ``fit`` with the same
    :meth:`cache_key` calls :meth:`install` on the same object, so a retrace (a new
    input shape in that ``fit``) runs this object's patched methods and hooks
    together, never one installation's ``train_step`` with another's hooks.
    """

    def __init__(self, model: keras.Model, guard: GraphGuard, capture: bool,
                 check_state: bool = False, exclusion: Any = None):
        self.model = model
        self.exclusion = exclusion  # _sample_ids.SampleExclusion: ids dropped from batches
        self.local = threading.local()
        opt = model.optimizer
        if opt is None:
            raise ValueError("nanguard.keras.Guard needs a compiled model with an optimizer.")
        strategy = model.distribute_strategy
        # The optimizer's slots must exist before the guard's conditional (a variable cannot
        # be created inside a tf.cond branch). A subclassed model that fit builds on its first
        # trace has no variables yet: its optimizer is then built in ``_apply``, at trace time.
        if not opt.built and model.trainable_variables:
            with strategy.scope():
                opt.build(model.trainable_variables)
        self.optimizer = opt
        self.loss_scaled = isinstance(opt, keras.optimizers.LossScaleOptimizer)
        self._orig_apply = opt.apply
        self._orig_scale_loss = opt.scale_loss
        self._orig_train_step = model.train_step
        self._default_train_step = (
            type(model).train_step is keras.Model.train_step
            or getattr(type(model).train_step, "__qualname__", "").startswith("TensorFlowTrainer.")
        )
        # This installation's view of the guard: same state variables, hooks fixed
        # before tracing.
        self.guard = guard.with_hooks(
            undo=self._undo_current,
            capture_inputs=self._capture_inputs if capture else None,
            jit=bool(getattr(model, "jit_compile", False)),
            check_variables=self._checked_variables if check_state else None,
        )
        self._traced = None
        self.install()

    def install(self) -> None:
        """Patch the model for one ``fit`` (again, reusing the traced function)."""
        opt, model = self.optimizer, self.model
        opt.scale_loss = self._scale_loss
        opt.apply = self._apply
        model.train_step = self._train_step
        # The train function was made before callbacks ran; rebuild it around the patches,
        # or reuse the guarded one this installation traced in an earlier fit (no retrace).
        if self._traced is not None:
            model.train_function = self._traced
        else:
            model.train_function = None
            model.make_train_function(force=True)

    # -------------------------------------------------------------- patched methods
    def _scale_loss(self, loss):
        self.local.loss = loss
        return self._orig_scale_loss(loss)

    def _apply(self, grads, trainable_variables=None):
        if not self.optimizer.built:
            variables = (trainable_variables if trainable_variables is not None
                         else self.model.trainable_variables)
            self.optimizer.build(variables)
        loss = getattr(self.local, "loss", None)
        self.local.loss = None
        scale = self.optimizer.dynamic_scale if self.loss_scaled else None
        self.local.skipped = self.guard.apply(
            self._orig_apply, grads, trainable_variables, loss=loss, loss_scale=scale,
            hyperparameters=read_hyperparameters(self.optimizer),
        )

    def _checked_variables(self) -> list:
        """Weights and optimizer slots whose finiteness joins the decision (at trace time).

        With recovery attached: a NaN in a slot (Adam's ``v``) or in a weight skips the
        step instead of reaching the weights; recovery then finds it and rolls back.
        The learning rate is left out (the hyperparameter check names it).
        """
        opt = self.optimizer
        lr = getattr(opt, "_learning_rate", None)
        skip = {id(opt.iterations), id(lr)}
        return list(self.model.trainable_variables) + [
            v for v in opt.variables if id(v) not in skip
        ]

    def _undo_current(self) -> None:
        undo = getattr(self.local, "undo", None)
        if undo is not None:
            undo()

    def _restore_vars(self) -> list:
        model = self.model
        seen = set()
        out = []
        for v in list(model.non_trainable_variables) + list(model.metrics_variables):
            key = id(v)
            if key not in seen:
                seen.add(key)
                out.append(v)
        return out

    def _train_step(self, data):
        from nanguard.keras._sample_ids import split_sample_ids

        local = self.local
        local.loss = None
        local.skipped = None
        # A with_sample_ids batch: the model gets the element, quarantined rows dropped.
        data, ids = split_sample_ids(data)
        if ids is not None and self.exclusion is not None and not self.guard.hooks.jit:
            # Under XLA no batch reaches the host, so no sample is ever named (and a
            # boolean mask has no static shape): the ids are only stripped.
            data, ids = self.exclusion.drop(data, ids)
        local.sample_ids = ids
        local.data = data
        restore = self._restore_vars()
        snapshot = [tf.identity(v.value) for v in restore]
        local.restore = restore
        local.snapshot = snapshot

        def undo():
            for var, value in zip(restore, snapshot):
                var.assign(value)

        # Traced into the guard's skip branch (no extra conditional on healthy steps).
        # Thread-local: MirroredStrategy traces every replica in its own thread.
        local.undo = undo
        try:
            logs = self._orig_train_step(data)
        finally:
            local.undo = None
        if local.skipped is not None and self._default_train_step:
            # Report the restored metrics, so a skipped step shows no NaN loss.
            logs = self.model.get_metrics_result()
        return logs

    def _capture_inputs(self):
        """Tensors the host needs to save an incident, and their names."""
        local = self.local
        model = self.model
        batch = batch_paths(local.data)
        if getattr(local, "sample_ids", None) is not None:
            batch.append(("sample_ids", local.sample_ids))  # replay reads x/y/sample_weight only
        trainable = [(variable_path(v), tf.identity(v.value)) for v in model.trainable_variables]
        restore = [(variable_path(v), s) for v, s in zip(local.restore, local.snapshot)
                   if any(v is w for w in model.non_trainable_variables)]
        opt_vars = [(variable_path(v), tf.identity(v.value)) for v in self.optimizer.variables]
        layout = {
            "batch": [name for name, _ in batch],
            "variables": [name for name, _ in trainable] + [name for name, _ in restore],
            "optimizer": [name for name, _ in opt_vars],
        }
        tensors = [t for _, t in batch] + [t for _, t in trainable] + [t for _, t in restore]
        tensors += [t for _, t in opt_vars]
        return tensors, layout

    @staticmethod
    def cache_key(model: keras.Model) -> tuple:
        """What a traced guarded train function depends on; a recompile changes it."""
        return (
            id(model), id(model.optimizer), id(getattr(model, "_compile_loss", None)),
            model.steps_per_execution, bool(getattr(model, "jit_compile", False)),
            bool(model.run_eagerly),
        )

    def remove(self) -> None:
        """Undo the patches; keep the guarded train function for :meth:`install`."""
        self._traced = self.model.train_function
        opt = self.optimizer
        for name in ("apply", "scale_loss"):
            if name in vars(opt):
                delattr(opt, name)
        if "train_step" in vars(self.model):
            del self.model.train_step
        self.model.train_function = None
