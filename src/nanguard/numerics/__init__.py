"""Safe ops and stable losses, written once over a thin array layer.

Public names live in :mod:`nanguard.ops` and :mod:`nanguard.losses`. This
package imports no ML framework: :mod:`nanguard.numerics._xp` picks a backend
from the arrays it is given, and only :mod:`nanguard.numerics.tf_backend`
imports TensorFlow (lazily, the first time a TensorFlow tensor arrives).
"""
