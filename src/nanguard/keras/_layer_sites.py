"""Where the user created each Keras layer, and which layer a finding's op ran in.

An op inside Keras' own ``GlobalAveragePooling1D`` has no line of the user's on
its stack: the replay calls the model, Keras calls the layer. The line the user
needs is the one that created (for a functional model: created and called) the
layer. Keras does not keep it, so ``import nanguard.keras`` wraps
``keras.layers.Layer.__init__`` to note the innermost user frame of every layer
created afterwards: one stack walk per layer construction, nothing per step.
A layer created before the import has no known line; the finding then says so.
"""

from __future__ import annotations

import functools
import inspect
import weakref
from typing import Any

import keras

from nanguard.core.incident import Finding
from nanguard.core.layer_fixes import apply_layer_context

__all__ = ["creation_site", "describe_layer", "install"]

_SITES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_MARK = "_nanguard_records_sites"


def install() -> None:
    """Record the user's line of every Keras layer created from now on (idempotent)."""
    layer_cls = keras.layers.Layer
    init = layer_cls.__init__
    if getattr(init, _MARK, False):
        return

    @functools.wraps(init)
    def __init__(self, *args, **kwargs):  # noqa: N807 - the wrapped method's own name
        if self not in _SITES:  # the outermost __init__ of a subclass chain
            _SITES[self] = _user_site()
        init(self, *args, **kwargs)

    # Keras reads the signature of a subclass's inherited __init__ (its auto config)
    # with getfullargspec, which does not follow __wrapped__: give it the real one.
    __init__.__signature__ = inspect.signature(init)
    setattr(__init__, _MARK, True)
    layer_cls.__init__ = __init__


def _user_site() -> dict | None:
    from nanguard.tf.user_frames import user_frame

    site = user_frame()
    return site if site.get("file") else None


def creation_site(layer: Any) -> dict | None:
    """``{file, line, function, code}`` where the user created ``layer``, or ``None``."""
    try:
        return _SITES.get(layer)
    except TypeError:  # an unhashable layer subclass
        return None


def _is_builtin(layer: Any) -> bool:
    module = type(layer).__module__ or ""
    return module.split(".")[0] in ("keras", "tf_keras", "tensorflow", "keras_hub", "keras_nlp")


def describe_layer(finding: Finding | None, model: Any, batch_size: int | None = None
                   ) -> Finding | None:
    """Name the class of the layer a finding's op ran in, its creation line and the fix.

    See ``nanguard.core.layer_fixes.apply_layer_context``.
    """
    if finding is None or not finding.origin.layer or model is None:
        return finding
    layer = next((lay for lay in model._flatten_layers(include_self=True)
                  if lay.name == finding.origin.layer), None)
    if layer is None:
        return finding
    return apply_layer_context(
        finding, layer_class=type(layer).__name__, builtin=_is_builtin(layer),
        site=creation_site(layer), framework_name="Keras", batch_size=batch_size,
    )
