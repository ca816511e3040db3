"""The demo's closing summary: one table and the located origin, for every framework.

Each ``nanguard demo --framework ...`` trains the same model twice (plain, guarded) and
hands its results here, so the three demos read the same way.
"""

from __future__ import annotations

from typing import Any

__all__ = ["print_demo_summary"]


def _losses(values) -> str:
    return ", ".join("nan" if v != v else f"{v:.3f}" for v in values)


def print_demo_summary(con: Any, results: dict, *, title: str, plain_label: str,
                       guard_label: str) -> None:
    """Print the plain-vs-guarded table and the first located origin.

    Args:
        con: a ``rich.console.Console``.
        results: ``{"plain": {...}, "guard": {...}}`` with ``loss`` (per epoch),
            ``nan_weights`` (fraction), ``seconds``; the guard side also has ``skipped``,
            ``steps`` and ``incidents`` (records whose ``finding`` may be None).
        title, plain_label, guard_label: the table's title and column headers.
    """
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title)
    table.add_column("")
    table.add_column(plain_label)
    table.add_column(guard_label)
    p, g = results["plain"], results["guard"]
    table.add_row("loss per epoch", _losses(p["loss"]), _losses(g["loss"]))
    table.add_row("non-finite weights", f"{p['nan_weights']:.0%}", f"{g['nan_weights']:.0%}")
    table.add_row("skipped steps", "-", f"{g['skipped']} of {g['steps']}")
    table.add_row("wall time", f"{p['seconds']:.1f} s", f"{g['seconds']:.1f} s")
    con.print(table)
    found = [i["finding"] for i in g["incidents"] if i.get("finding")]
    if not found:
        return
    f = found[0]
    o = f["origin"]
    where = (f" (gradient {o['grad_op']})" if o.get("grad_op") else "") + (
        f" at {o['file']}:{o['line']}" if o.get("file") else "")
    con.print(Text.assemble(("Located origin:", "bold"),
                            f" {o['phase']} pass, op {o['op']}{where} -> cause ",
                            (str(f["cause"]), "bold")))
    if o.get("code"):
        con.print(f"    {o['code']}", markup=False)
    con.print(f"fix: {f['fix']}", markup=False)
