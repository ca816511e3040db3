"""nanguard.torch.hf.GuardCallback localizes its incidents (issue 13) and marks epochs (issue 15).

A real ``transformers.Trainer`` on a ``BertConfig``-built regression model (no hub
downloads, CPU). The callback records the inputs of each training forward and
replays ``model(**inputs).loss`` for a skipped step; with gradient accumulation it
names the micro-batch that failed.

The forward NaN inside the model: ``layer_norm_eps=0`` and one token whose
embedding (word + frozen zero position/type embeddings) is constant, so the
embeddings' ``LayerNorm`` divides 0 by 0 for the one sample holding that token.
Its inputs are finite: only a replay can name the op.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

transformers = pytest.importorskip("transformers")
pytest.importorskip("accelerate")

from nanguard.core.incident_store import read_incident  # noqa: E402
from nanguard.torch.hf import GuardCallback  # noqa: E402

_BAD = 5


_TOKEN = 7  # its embedding is made constant: LayerNorm(eps=0) gives 0/0


class Rows(torch.utils.data.Dataset):
    """Token rows with a float target; row 5 holds the bad label or the bad token."""

    def __init__(self, bad: str, n: int = 32):
        g = torch.Generator().manual_seed(0)
        self.ids = torch.randint(_TOKEN + 1, 30, (n, 6), generator=g)
        self.labels = torch.randn(n, generator=g)
        if bad == "nan":
            self.labels[_BAD] = float("nan")
        elif bad == "token":
            self.ids[_BAD, 2] = _TOKEN

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, i):
        return {"input_ids": self.ids[i], "labels": self.labels[i]}


def _train(tmp_path, bad, cb, *, epochs=1, accumulate=1, eval_bad=None):
    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=30, hidden_size=16, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=32,
                                     max_position_embeddings=16, num_labels=1,
                                     problem_type="regression", layer_norm_eps=0.0)
    model = transformers.BertForSequenceClassification(config)
    emb = model.bert.embeddings
    with torch.no_grad():
        emb.position_embeddings.weight.zero_()
        emb.token_type_embeddings.weight.zero_()
        emb.word_embeddings.weight[_TOKEN] = 0.5
    emb.position_embeddings.weight.requires_grad_(False)
    emb.token_type_embeddings.weight.requires_grad_(False)
    args = transformers.TrainingArguments(
        output_dir=str(tmp_path / "out"), per_device_train_batch_size=4,
        num_train_epochs=epochs, report_to=[], use_cpu=True, save_strategy="no",
        logging_strategy="no", seed=0, dataloader_num_workers=0, learning_rate=1e-3,
        disable_tqdm=True, gradient_accumulation_steps=accumulate,
        eval_strategy="no" if eval_bad is None else "epoch",
    )
    trainer = transformers.Trainer(
        model=model, args=args, train_dataset=Rows(bad), callbacks=[cb],
        eval_dataset=None if eval_bad is None else Rows(eval_bad, n=8))
    trainer.train()
    return model


def _finding(tmp_path):
    reports = sorted((tmp_path / "run" / "incidents").glob("*/report.json"))
    assert reports, "no incident report"
    return json.loads(reports[0].read_text()), reports[0].parent


def test_a_nan_inside_the_model_is_replayed_to_its_op_module_and_row(tmp_path):
    cb = GuardCallback(logdir=tmp_path / "run", verbose=0)
    model = _train(tmp_path, "token", cb)
    assert cb.guard.skipped == 1
    assert all(torch.isfinite(p).all() for p in model.parameters())
    report, folder = _finding(tmp_path)
    origin = report["origin"]
    assert origin["phase"] == "forward" and "layer_norm" in origin["op"], origin
    assert origin["layer"] == "bert.embeddings.LayerNorm"
    assert origin["layer_class"] == "LayerNorm"
    ids = read_incident(folder)["batch"]["x/input_ids"]
    assert origin["rows"] == np.flatnonzero((ids == _TOKEN).any(1)).tolist()


def test_a_nan_label_is_named_with_its_row(tmp_path):
    cb = GuardCallback(logdir=tmp_path / "run", verbose=0)
    _train(tmp_path, "nan", cb)
    report, folder = _finding(tmp_path)
    assert report["cause"] == "nonfinite_input"
    assert report["origin"]["input"] == "x/labels"
    labels = read_incident(folder)["batch"]["x/labels"]
    assert report["origin"]["rows"] == np.flatnonzero(np.isnan(labels)).tolist()


def test_gradient_accumulation_names_the_micro_batch_that_failed(tmp_path):
    cb = GuardCallback(logdir=tmp_path / "run", verbose=0)
    _train(tmp_path, "token", cb, accumulate=2)
    assert cb.guard.skipped == 1 and cb.guard.steps == 4
    report, folder = _finding(tmp_path)
    arrays = read_incident(folder)["batch"]
    holding = [i for i in range(2) if (arrays[f"x/micro{i}/input_ids"] == _TOKEN).any()]
    assert len(holding) == 1
    assert "layer_norm" in report["origin"]["op"]
    assert (f"micro-batch {holding[0]} (0-based) of the 2 this step accumulated"
            in report["explanation"])


def test_a_custom_loss_fn_drives_the_replay(tmp_path):
    calls = []

    def loss_fn(model, inputs):
        calls.append(sorted(inputs))
        return model(**inputs).loss

    cb = GuardCallback(logdir=tmp_path / "run", verbose=0, loss_fn=loss_fn)
    _train(tmp_path, "token", cb)
    assert calls == [["input_ids", "labels", "num_items_in_batch"]]  # what the Trainer passed
    assert "layer_norm" in _finding(tmp_path)[0]["origin"]["op"]


def test_the_callback_marks_epoch_ends(tmp_path, capfd):
    cb = GuardCallback(logdir=tmp_path / "run", verbose=1)
    _train(tmp_path, "nan", cb, epochs=2)
    assert [e["epoch"] for e in cb.guard.events] == [0, 1]
    assert cb.guard.host.epoch == 2
    out = capfd.readouterr().out
    assert out.count("skipped the update") == 1, out  # the repeat is summarized, not re-said
    assert "2 skipped in total" in out, out


def test_without_replay_incidents_are_saved_unlocalized(tmp_path):
    cb = GuardCallback(logdir=tmp_path / "run", verbose=0, replay=False)
    _train(tmp_path, "token", cb)
    assert cb.guard.skipped == 1
    assert not list((tmp_path / "run" / "incidents").glob("*/report.json"))


def test_a_nan_eval_loss_is_counted_once_per_evaluation_and_never_skipped(tmp_path):
    cb = GuardCallback(logdir=tmp_path / "run", verbose=0)
    _train(tmp_path, "none", cb, epochs=2, eval_bad="nan")
    assert cb.guard.skipped == 0
    assert cb.guard.validation_nonfinite == 2  # one evaluation per epoch
    run = json.loads((tmp_path / "run" / "run.json").read_text())
    assert run["validation_nonfinite"] == 2
