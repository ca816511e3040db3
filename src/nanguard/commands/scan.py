"""`nanguard scan PATH`: check a data file for NaN, Inf, out-of-range and constant columns.

Formats: .npy, .npz, .csv, .parquet (with pyarrow). Exit codes: 0 clean,
1 findings, 2 error (missing file, unsupported format: the message names the
path and the supported formats).
"""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "scan",
        help="check a data file for NaN/Inf, float16 overflow and constant columns",
        description="Check training data before training: NaN, ±Inf, values beyond the "
        "float16/bfloat16 range, extreme magnitudes and constant columns, per column, "
        "with row indices. Streams files larger than RAM.",
        epilog="Exit codes: 0 clean, 1 findings, 2 error.",
    )
    parser.add_argument("path", metavar="PATH", help="a .npy, .npz, .csv or .parquet file")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--extreme",
        type=float,
        default=1e6,
        metavar="X",
        help="report finite values with |x| > X as extreme (default: 1e6)",
    )
    parser.add_argument(
        "--max-rows",
        type=int,
        default=20,
        metavar="N",
        help="row indices listed per column and problem (default: 20)",
    )
    parser.add_argument(
        "--memory-budget",
        type=int,
        default=256,
        metavar="MB",
        help="memory the scan may hold at once, in MiB (default: 256)",
    )
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")


def run(args: argparse.Namespace) -> int:
    from nanguard.datascan import Thresholds, render_json, render_text, scan_path

    result = scan_path(
        args.path,
        memory_budget=max(1, args.memory_budget) << 20,
        thresholds=Thresholds(extreme=args.extreme, max_rows=max(0, args.max_rows)),
        progress=False if args.no_progress or args.format == "json" else None,
    )
    if args.format == "json":
        print(render_json(result))
    else:
        print(render_text(result))  # plain text: names like "a.npz:x:" must not become emoji
    return 0 if result.ok else 1
