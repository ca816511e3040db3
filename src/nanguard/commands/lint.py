"""`nanguard lint`: static checks for NaN/Inf traps in loss and model code.

Files are parsed with ``ast``; nothing is imported or run. Exit codes: 0 clean,
1 findings, 2 usage error (unknown rule code, missing path, bad config).
"""

from __future__ import annotations

import argparse


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "lint",
        help="find NaN/Inf traps in loss and model code (static, never runs it)",
        description=(
            "Find NaN/Inf traps in loss and model code before training. "
            "Files are parsed, never imported or run."
        ),
        epilog="Exit codes: 0 clean, 1 findings, 2 usage error.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: .)")
    parser.add_argument(
        "--format",
        choices=("text", "json", "sarif", "github"),
        default="text",
        help="output format (default: text)",
    )
    parser.add_argument("--select", type=_codes, help="comma-separated rule codes or prefixes")
    parser.add_argument("--ignore", type=_codes, help="rule codes or prefixes to disable")
    parser.add_argument(
        "--extend-select",
        type=_codes,
        dest="extend_select",
        help="rule codes or prefixes to enable on top of the selection",
    )
    parser.add_argument(
        "--min-confidence",
        choices=("low", "medium", "high"),
        default=None,
        dest="min_confidence",
        help=(
            "keep findings whose evidence is at least this strong (default: medium; "
            "low adds findings that only lack a proof of safety)"
        ),
    )
    parser.add_argument("--explain", metavar="CODE", help="print a rule's documentation")
    parser.add_argument(
        "--show-fixes", action="store_true", help="print each finding's fix title (text format)"
    )
    parser.add_argument(
        "--config",
        metavar="PYPROJECT",
        help="pyproject.toml to read [tool.nanguard.lint] from (default: nearest one)",
    )
    parser.add_argument("--no-config", action="store_true", help="ignore pyproject.toml settings")


def run(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from nanguard.errors import InvalidArgumentError
    from nanguard.lint import explain, lint_paths, select_rules
    from nanguard.lint.config import LintConfig, find_pyproject, load_config
    from nanguard.lint.output import render_github, render_json, render_sarif, render_text
    from nanguard.report.console import print_error

    if args.explain:
        sys.stdout.write(explain(args.explain))
        return 0
    if args.no_config:
        config = LintConfig()
    elif args.config:
        config_path = Path(args.config)
        if not config_path.is_file():
            print_error(f"--config {args.config!r}: no such file (expected a pyproject.toml).")
            return 2
        config = load_config(config_path)
    else:
        config = load_config(find_pyproject(Path.cwd()))
    for warning in config.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if config.path is not None:
        try:  # name the file when the configuration holds an unknown code
            select_rules(config.select, config.ignore, config.extend_select)
        except InvalidArgumentError as exc:
            print_error(f"{config.path} [tool.nanguard.lint]: {exc}")
            return 2
    # `--select` on the command line replaces the configured select and extend-select.
    select = args.select if args.select is not None else config.select
    ignore = [*config.ignore, *(args.ignore or [])]
    extend = [*(config.extend_select if args.select is None else []), *(args.extend_select or [])]
    min_confidence = args.min_confidence or config.min_confidence or "medium"
    diagnostics = lint_paths(
        args.paths or ["."],
        select=select,
        ignore=ignore,
        extend_select=extend,
        exclude=config.exclude,
        min_confidence=min_confidence,
    )
    if args.format == "json":
        sys.stdout.write(render_json(diagnostics))
    elif args.format == "sarif":
        sys.stdout.write(render_sarif(diagnostics))
    elif args.format == "github":
        sys.stdout.write(render_github(diagnostics))
    else:
        color = sys.stdout.isatty()
        sys.stdout.write(render_text(diagnostics, color=color, show_fixes=args.show_fixes))
    sys.stdout.flush()
    return 1 if diagnostics else 0
