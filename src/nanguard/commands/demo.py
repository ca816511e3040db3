"""`nanguard demo`: plain Keras vs Keras + Guard on a backward-only NaN."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo",
        help="show a backward-only NaN destroying a plain Keras run, and Guard rescuing it",
        description="Runs the classic clipped-loss NaN twice: plain Keras, then with Guard.",
    )
    p.add_argument("--logdir", default="nanguard-demo",
                   help="run log folder (default: %(default)s)")
    p.add_argument("--epochs", type=int, default=5, help="epochs per run (default: %(default)s)")
    p.add_argument("--framework", choices=["keras", "torch", "jax"], default="keras",
                   help="run the demo in this framework (default: %(default)s)")


def run(args: argparse.Namespace) -> int:
    from nanguard.commands._quiet_tf import import_tensorflow_quietly
    from nanguard.demo import run_demo

    if args.epochs < 1:
        from nanguard.errors import InvalidArgumentError

        raise InvalidArgumentError("--epochs", args.epochs, "an int >= 1")
    if args.framework == "torch":
        from nanguard.torch.demo import run_demo as run_torch_demo

        logdir = args.logdir if args.logdir != "nanguard-demo" else "nanguard-demo-torch"
        results = run_torch_demo(logdir, epochs=args.epochs)
    elif args.framework == "jax":
        from nanguard.jax.demo import run_demo as run_jax_demo

        logdir = args.logdir if args.logdir != "nanguard-demo" else "nanguard-demo-jax"
        results = run_jax_demo(logdir, epochs=args.epochs)
    else:
        import_tensorflow_quietly()  # the demo's output is what a user needs to read
        results = run_demo(args.logdir, epochs=args.epochs)
    g = results["guard"]
    ok = g["nan_weights"] == 0.0 and all(v == v for v in g["loss"])
    return 0 if ok else 1
