"""The pure quarantine rules (nanguard.core.quarantine_policy): the batch's fault or the state's."""

from __future__ import annotations

import doctest

import pytest

from nanguard.core import quarantine_policy as qp
from nanguard.core import recovery_contract, recovery_policy, rerun_policy


def _steps(failures):
    return [f.step for f in failures]


def test_an_isolated_failure_is_suspect_until_the_next_step_passes_then_the_batchs_fault():
    s = qp.QuarantineState()
    v, s = qp.classify(s, qp.Observation(11, (qp.Failure(10, epoch=0, batch=10),)))
    assert _steps(v.suspect) == [10] and v.batch == () and _steps(s.pending) == [10]
    v, s = qp.classify(s, qp.Observation(12))
    assert _steps(v.batch) == [10] and v.state == () and s.pending == ()
    assert 10 in s.poison


def test_a_run_of_failures_stays_suspect_while_it_lasts():
    s = qp.QuarantineState()
    for step in (10, 11, 12):
        v, s = qp.classify(s, qp.Observation(step + 1, (qp.Failure(step, batch=step),)))
        assert _steps(v.suspect) == [step] and v.batch == ()
    assert _steps(s.pending) == [10, 11, 12] and s.poison == frozenset()


def test_a_run_that_ends_with_a_passing_step_was_the_batches_fault():
    # The step after the run ran from the same state (skips change nothing) and passed.
    s = qp.QuarantineState()
    _, s = qp.classify(s, qp.Observation(11, (qp.Failure(10, batch=10),)))
    _, s = qp.classify(s, qp.Observation(12, (qp.Failure(11, batch=11),)))
    v, s = qp.classify(s, qp.Observation(13))
    assert _steps(v.batch) == [10, 11] and s.pending == ()


def test_a_spike_extends_a_run():
    s = qp.QuarantineState()
    _, s = qp.classify(s, qp.Observation(6, (qp.Failure(5),)))
    v, s = qp.classify(s, qp.Observation(7, spikes=(6,)))
    assert v.batch == () and _steps(s.pending) == [5]


def test_nonfinite_input_is_the_batchs_fault_at_once_even_inside_a_run():
    s = qp.QuarantineState(failed=frozenset({9}))
    f = qp.Failure(10, batch=3, cause="nonfinite_input")
    v, s = qp.classify(s, qp.Observation(11, (f,)))
    assert v.batch == (f,) and v.state == ()


@pytest.mark.parametrize(
    "cause", ["nonfinite_weights", "nonfinite_optimizer_state", "divergence"]
)
def test_a_state_cause_counts_at_once(cause):
    v, s = qp.classify(qp.QuarantineState(), qp.Observation(11, (qp.Failure(10, cause=cause),)))
    assert _steps(v.state) == [10] and v.suspect == () and s.pending == ()


def test_a_quarantined_batch_failing_again_is_known_poison():
    s = qp.QuarantineState(poison=frozenset({3}))
    f = qp.Failure(11, epoch=1, batch=3)
    v, s = qp.classify(s, qp.Observation(12, (f,)))
    assert v.poison == (f,) and s.pending == ()


def test_nothing_resolves_while_skip_events_are_still_unread():
    s = qp.QuarantineState()
    v, s = qp.classify(s, qp.Observation(11, (qp.Failure(10),)))
    v, s = qp.classify(s, qp.Observation(20, complete=False))
    assert v == qp.Verdicts() and _steps(s.pending) == [10]
    v, s = qp.classify(s, qp.Observation(20))
    assert _steps(v.batch) == [10]


def test_after_a_rollback_waiting_failures_are_the_states_and_neighbours_are_forgotten():
    s = qp.QuarantineState()
    _, s = qp.classify(s, qp.Observation(11, (qp.Failure(10),)))
    waiting, s = qp.after_rollback(s)
    assert _steps(waiting) == [10] and s.failed == frozenset()
    # Step 11 fails after the restore: step 10 (before the rollback) is no neighbour.
    _, s = qp.classify(s, qp.Observation(12, (qp.Failure(11),)))
    v, s = qp.classify(s, qp.Observation(13))
    assert _steps(v.batch) == [11]


def test_batch_index_maps_steps_of_multi_step_executions():
    idx = qp.BatchIndex(keep=8)
    idx.note(steps_done=4, n=4, epoch=0, batch=0)
    idx.note(steps_done=8, n=4, epoch=0, batch=4)
    assert idx.get(6) == (0, 6) and idx.get(100) is None
    for k in range(3, 10):
        idx.note(steps_done=4 * k, n=4, epoch=1, batch=0)
    assert idx.get(0) is None and idx.get(35) == (1, 3)  # bounded: old steps are forgotten


@pytest.mark.parametrize(
    "module", [qp, recovery_policy, recovery_contract, rerun_policy], ids=lambda m: m.__name__
)
def test_the_documented_examples_run(module):
    result = doctest.testmod(module, raise_on_error=False)
    assert result.attempted > 0 and result.failed == 0
