"""Shared plumbing for zoo cases: fit a tiny model under ``Guard`` and return its finding."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")


def guarded_fit(
    model,
    x,
    y,
    logdir,
    *,
    epochs: int = 1,
    batch_size: int | None = None,
    max_consecutive_skips: int = 25,
    sample_weight=None,
) -> dict | None:
    """``model.fit`` under ``Guard(logdir)``.

    Returns the first incident's finding dict; ``None`` when no step was skipped
    and nothing was saved; ``{"skipped": n, "incidents": k}`` when the guard
    skipped steps without a localized incident (always a failure for the zoo).
    """
    import nanguard

    if os.environ.get("NANGUARD_ZOO_BARE"):  # bench/zoo.py: the program alone, no Guard
        n = len(x[0]) if isinstance(x, (list, tuple)) else len(x)
        model.fit(
            x,
            y,
            batch_size=batch_size or n,
            epochs=epochs,
            verbose=0,
            shuffle=False,
            sample_weight=sample_weight,
        )
        return None
    guard = nanguard.keras.Guard(
        logdir=logdir, verbose=0, max_consecutive_skips=max_consecutive_skips
    )
    n = len(x[0]) if isinstance(x, (list, tuple)) else len(x)
    try:
        model.fit(
            x,
            y,
            batch_size=batch_size or n,
            epochs=epochs,
            verbose=0,
            shuffle=False,
            sample_weight=sample_weight,
            callbacks=[guard],
        )
    except nanguard.NonFiniteError:
        pass  # a stop after repeated skips still leaves the first incident
    if guard.incidents and guard.incidents[0]["finding"] is not None:
        return guard.incidents[0]["finding"]
    if guard.skipped or guard.incidents:
        return {"skipped": guard.skipped, "incidents": len(guard.incidents)}
    return None


def located(fn, *args) -> dict | None:
    """``nanguard.locate(fn, *args).to_dict()``, or ``None`` when all is finite."""
    import nanguard

    finding = nanguard.locate(fn, *args)
    return None if finding is None else finding.to_dict()
