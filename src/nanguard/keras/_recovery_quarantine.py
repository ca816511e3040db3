"""Quarantine glue of ``nanguard.keras.Recovery``: list a failed batch, say it once.

A failure found to be its batch's fault (by :mod:`nanguard.core.quarantine_policy`
or by a re-run from the snapshot, :mod:`nanguard.core.rerun_policy`) is listed in
``quarantine.json``; when the finding named the rows and the data carries sample
ids (``nanguard.keras.with_sample_ids``), exactly those samples are listed and
later batches train without them.
"""

from __future__ import annotations

from nanguard.core import quarantine_policy as qp
from nanguard.core.quarantine import Quarantine, describe_quarantine
from nanguard.core.recovery_contract import RecoveryContext

__all__ = ["quarantine_failure"]


def quarantine_failure(ctx: RecoveryContext, quarantine: Quarantine, f: qp.Failure) -> None:
    """List the batch of failure ``f`` (or exactly its samples at fault) and say so."""
    if f.batch is None:
        return
    named = getattr(ctx, "samples_at_fault", lambda step: None)(f.step)
    if named:  # the finding named the rows and the data their sample ids
        _quarantine_samples(ctx, quarantine, f, *named)
        return
    new = quarantine.add(f.batch, f.epoch, f.step, f.reason)
    quarantine.write()
    if not new:
        return
    samples = quarantine.entries[f.batch]["samples"]
    ctx.log(
        "quarantine", f.step,
        describe_quarantine(f.step, f.batch, f.epoch, f.reason, samples,
                            listed=quarantine.path is not None),
        batch=f.batch, epoch=f.epoch, samples=samples, counter="quarantined",
    )


def _quarantine_samples(ctx: RecoveryContext, quarantine: Quarantine, f: qp.Failure,
                        ids: list[int], rows: list[int]) -> None:
    """Quarantine exactly the samples at fault; later batches train without them."""
    quarantine.add(f.batch, f.epoch, f.step, f.reason, samples=ids, rows=rows)
    quarantine.write()
    new = ctx.exclude_samples(ids)
    if not new:
        return
    listed = ", ".join(str(i) for i in new[:8]) + (", ..." if len(new) > 8 else "")
    ctx.log(
        "quarantine", f.step,
        f"step {f.step}: quarantined sample{'s' if len(new) > 1 else ''} {listed} "
        f"({'row' if len(rows) == 1 else 'rows'} {', '.join(str(r) for r in rows)} of "
        f"batch {f.batch}, epoch {f.epoch}; "
        f"{f.reason}); later batches train without {'them' if len(new) > 1 else 'it'}; "
        "listed in quarantine.json",
        batch=f.batch, epoch=f.epoch, samples=new, rows=rows, counter="quarantined",
    )
