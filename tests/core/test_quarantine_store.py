"""``quarantine.json`` with exact samples: the rows at fault, not their whole batch."""

from __future__ import annotations

import numpy as np

from nanguard.core.quarantine import (
    Quarantine,
    describe_quarantine,
    exclude_quarantined,
    quarantined_samples,
)


def test_the_whole_batch_is_listed_when_only_the_input_order_is_known(tmp_path):
    q = Quarantine(tmp_path / "quarantine.json", batch_size=4)
    q.add(2, epoch=0, step=2, reason="loss non-finite")
    q.write()
    entry = q.to_dict()["batches"][0]
    assert entry["samples"] == [8, 9, 10, 11]
    assert entry["samples_from"] == "batch" and entry["rows"] is None
    assert quarantined_samples(tmp_path / "quarantine.json") == [8, 9, 10, 11]


def test_exact_samples_replace_the_whole_batch_and_exclusion_drops_only_them(tmp_path):
    q = Quarantine(tmp_path / "quarantine.json", batch_size=16)
    q.add(2, epoch=0, step=2, reason="loss non-finite")
    q.add(2, epoch=1, step=6, reason="loss non-finite", samples=[43, 38], rows=[11, 6])
    q.write()
    entry = q.to_dict()["batches"][0]
    assert entry["samples"] == [38, 43]
    assert entry["rows"] == [6, 11]
    assert entry["samples_from"] == "rows"
    assert entry["epochs"] == [0, 1] and entry["steps"] == [2, 6]
    x = np.arange(64 * 2).reshape(64, 2)
    y = np.arange(64)
    x2, y2 = exclude_quarantined(x, y, tmp_path / "quarantine.json")
    assert len(x2) == 62
    assert 38 not in y2 and 43 not in y2 and 37 in y2 and 39 in y2


def test_a_later_whole_batch_does_not_widen_exact_samples():
    q = Quarantine(None)
    q.add(5, epoch=0, step=5, reason="loss non-finite", samples=[7], rows=[3])
    q.add(5, epoch=1, step=12, reason="loss non-finite", samples=[1, 2, 3, 4])
    entry = q.to_dict()["batches"][0]
    assert entry["samples"] == [7] and entry["samples_from"] == "rows"


def test_exact_samples_of_several_epochs_are_all_kept():
    # Shuffled data: the same batch index holds other samples in the next epoch.
    q = Quarantine(None)
    q.add(1, epoch=0, step=1, reason="loss non-finite", samples=[40], rows=[2])
    q.add(1, epoch=1, step=9, reason="loss non-finite", samples=[5], rows=[0])
    entry = q.to_dict()["batches"][0]
    assert entry["samples"] == [5, 40]
    assert entry["rows"] == [0, 2]
    assert q.to_dict()["samples_known"] is True


def test_without_order_or_ids_the_samples_are_unknown():
    q = Quarantine(None)
    q.add(1, epoch=0, step=1, reason="loss non-finite")
    data = q.to_dict()
    assert data["batches"][0]["samples"] is None
    assert data["batches"][0]["samples_from"] is None
    assert data["samples_known"] is False


def test_the_quarantine_line_names_a_contiguous_batch_as_a_range_and_says_where_it_is_listed():
    line = describe_quarantine(12, 3, 0, "loss non-finite", [24, 25, 26, 27])
    assert line == ("step 12: quarantined batch 3 of epoch 0 (loss non-finite; samples 24..27); "
                    "listed in quarantine.json")
    line = describe_quarantine(5, 1, 2, "gradients non-finite", None, listed=False)
    assert line == "step 5: quarantined batch 1 of epoch 2 (gradients non-finite; samples unknown)"


def test_the_quarantine_line_lists_scattered_samples_and_cuts_a_long_list():
    assert describe_quarantine(1, 0, 0, "r", [9]).startswith("step 1: quarantined batch 0 "
                                                             "of epoch 0 (r; sample 9);")
    assert "(r; samples 3, 9, 12)" in describe_quarantine(1, 0, 0, "r", [3, 9, 12])
    many = list(range(0, 40, 2))
    assert "(r; samples 0, 2, 4, 6, 8, 10, 12, 14, ... (20))" in describe_quarantine(
        1, 0, 0, "r", many)
