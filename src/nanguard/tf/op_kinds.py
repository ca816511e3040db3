"""TensorFlow op types -> the canonical kinds of ``nanguard.core.op_kinds``.

The only place that knows TensorFlow's spellings (``RealDiv``, ``SelectV2``,
``BroadcastGradientArgs``...). The tracer writes ``kind_of(op_type)`` into every
trace node; the framework-free localizer matches on the kind. Imports nothing.
"""

from __future__ import annotations

__all__ = ["TF_KINDS", "kind_of"]

_BY_KIND: dict[str, tuple[str, ...]] = {
    "log": ("Log",),
    "log1p": ("Log1p",),
    "xlogy": ("Xlogy", "Xlog1py"),
    "sqrt": ("Sqrt",),
    "rsqrt": ("Rsqrt",),
    "pow": ("Pow",),
    "exp": ("Exp",),
    "expm1": ("Expm1",),
    "square": ("Square", "SquaredDifference"),
    "reciprocal": ("Reciprocal", "Inv"),
    "div": ("RealDiv", "Div", "TruncateDiv", "Xdivy"),
    "floordiv": ("FloorDiv", "FloorMod", "Mod", "TruncateMod"),
    "div_no_nan": ("DivNoNan", "MulNoNan"),
    "acos": ("Acos",),
    "asin": ("Asin",),
    "acosh": ("Acosh",),
    "atanh": ("Atanh",),
    "atan": ("Atan",),
    "atan2": ("Atan2",),
    "lgamma": ("Lgamma",),
    "digamma": ("Digamma",),
    "polygamma": ("Polygamma", "Zeta"),
    "tan": ("Tan",),
    "norm": ("EuclideanNorm",),
    "matmul": ("MatMul", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "Einsum",
               "_MklMatMul", "_FusedMatMul"),
    "conv": ("Conv2D", "Conv3D", "Conv1D", "DepthwiseConv2dNative", "Conv2DBackpropInput",
             "Conv2DBackpropFilter", "_FusedConv2D"),
    "sum": ("Sum", "AddN", "BiasAdd", "BiasAddGrad", "UnsortedSegmentSum", "SegmentSum"),
    "mean": ("Mean",),
    "prod": ("Prod",),
    "cumsum": ("Cumsum", "Cumprod"),
    "softmax": ("Softmax",),
    "log_softmax": ("LogSoftmax",),
    "add": ("AddV2", "Add"),
    "sub": ("Sub",),
    "mul": ("Mul",),
    "neg": ("Neg",),
    "abs": ("Abs", "ComplexAbs"),
    "maximum": ("Maximum", "Max"),
    "minimum": ("Minimum", "Min"),
    "clip": ("ClipByValue",),
    "tanh": ("Tanh",),
    "sigmoid": ("Sigmoid",),
    "softplus": ("Softplus",),
    "relu": ("Relu", "Relu6", "LeakyRelu"),
    "elu": ("Elu", "Selu"),
    "erf": ("Erf", "Erfc"),
    "cast": ("Cast",),
    "select": ("Select", "SelectV2"),
    "identity": ("Identity", "IdentityN", "Reshape", "Transpose", "ConcatV2", "Concat",
                 "GatherV2", "Gather", "GatherNd", "StridedSlice", "Slice",
                 "Squeeze", "ExpandDims", "Pack", "Unpack", "Split", "SplitV", "Tile",
                 "BroadcastTo", "Pad", "PadV2", "Reverse", "ReverseV2", "StopGradient",
                 "TensorListStack", "TensorListFromTensor", "TensorListGetItem",
                 "TensorListSetItem", "TensorListPushBack", "TensorListPopBack"),
    "shape": ("Shape", "ShapeN", "Size", "Rank", "ZerosLike", "OnesLike",
              "BroadcastGradientArgs", "TensorListLength", "TensorListElementShape"),
    "call": ("PartitionedCall", "StatefulPartitionedCall", "While", "StatelessWhile", "If",
             "StatelessIf", "Case", "StatelessCase", "EagerPyFunc", "PyFunc", "PyFuncStateless"),
    "variable": ("ReadVariableOp", "VarHandleOp", "ResourceGather"),
}

TF_KINDS: dict[str, str] = {op: kind for kind, ops in _BY_KIND.items() for op in ops}


def kind_of(op_type: str) -> str:
    """The canonical kind of a TensorFlow op type (``"other"`` when unlisted)."""
    return TF_KINDS.get(op_type, "other")
