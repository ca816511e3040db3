"""nanguard.torch.hf.GuardCallback with a real transformers Trainer (local config, CPU)."""

from __future__ import annotations

import pytest
import torch

transformers = pytest.importorskip("transformers")
pytest.importorskip("accelerate")

from nanguard.torch.hf import GuardCallback  # noqa: E402


class Rows(torch.utils.data.Dataset):
    """Token rows with a float target; one row's target is NaN when ``bad``."""

    def __init__(self, bad: bool):
        g = torch.Generator().manual_seed(0)
        self.ids = torch.randint(0, 30, (32, 6), generator=g)
        self.labels = torch.randn(32, generator=g)
        if bad:
            self.labels[5] = float("nan")

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, i):
        return {"input_ids": self.ids[i], "labels": self.labels[i]}


def _train(tmp_path, bad, callbacks):
    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=30, hidden_size=16, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=32,
                                     max_position_embeddings=16, num_labels=1,
                                     problem_type="regression")
    model = transformers.BertForSequenceClassification(config)
    args = transformers.TrainingArguments(
        output_dir=str(tmp_path / "out"), per_device_train_batch_size=4, num_train_epochs=1,
        report_to=[], use_cpu=True, save_strategy="no", logging_strategy="no", seed=0,
        dataloader_num_workers=0, learning_rate=1e-3, disable_tqdm=True,
    )
    trainer = transformers.Trainer(model=model, args=args, train_dataset=Rows(bad),
                                   callbacks=callbacks)
    trainer.train()
    return model


def test_trainer_without_guard_is_destroyed_by_one_nan_label(tmp_path):
    model = _train(tmp_path, bad=True, callbacks=[])
    assert not all(torch.isfinite(p).all() for p in model.parameters())


class ParamsPerStep(transformers.TrainerCallback):
    """Records whether each optimizer step left every parameter bitwise unchanged."""

    def __init__(self):
        self.unchanged = []

    def on_pre_optimizer_step(self, args, state, control, model=None, **kwargs):
        self._before = [p.detach().clone() for p in model.parameters()]

    def on_step_end(self, args, state, control, model=None, **kwargs):
        self.unchanged.append(all(torch.equal(a, p) for a, p in zip(self._before,
                                                                   model.parameters())))


def test_guard_callback_skips_the_nan_step_and_keeps_the_weights_finite(tmp_path):
    cb = GuardCallback(logdir=tmp_path / "run", verbose=0)
    recorder = ParamsPerStep()
    model = _train(tmp_path, bad=True, callbacks=[cb, recorder])
    assert recorder.unchanged.count(True) == 1  # the skipped step, bitwise
    assert cb.guard.skipped == 1
    assert cb.guard.steps == 8
    assert all(torch.isfinite(p).all() for p in model.parameters())
    assert (tmp_path / "run" / "run.json").exists()


def test_a_skipped_step_says_the_callback_never_saw_the_loss(tmp_path, capfd):
    import json

    cb = GuardCallback(logdir=tmp_path / "run", verbose=1)
    _train(tmp_path, bad=True, callbacks=[cb])
    out = capfd.readouterr().out
    line = next(x for x in out.splitlines() if "skipped the update" in x)
    assert "loss not seen by the guard, grad_norm=nan" in line, out
    assert "loss=0" not in out, out
    assert [e["loss"] for e in cb.guard.events] == [None]
    runlog = tmp_path / "run"
    skips = [json.loads(x) for x in (runlog / "events.jsonl").read_text().splitlines()]
    skips = [e for e in skips if e["kind"] == "skip"]
    assert len(skips) == 1 and skips[0]["loss"] is None, skips
    steps = [json.loads(x) for x in (runlog / "steps.jsonl").read_text().splitlines()]
    assert [s["loss"] for s in steps if s["skipped"]] == [None], steps
    healthy = [s for s in steps if not s["skipped"]]
    assert healthy and all(s["loss"] is None for s in healthy), steps  # not the placeholder 0


def test_tensorboard_gets_no_loss_scalar_the_callback_never_saw(tmp_path):
    from tbparse import SummaryReader

    cb = GuardCallback(logdir=tmp_path / "run", verbose=0, tensorboard=True)
    _train(tmp_path, bad=True, callbacks=[cb])
    tags = set(SummaryReader(str(tmp_path / "run" / "tensorboard")).scalars["tag"])
    assert "nanguard/grad_norm" in tags and "nanguard/skipped" in tags, tags
    assert "nanguard/loss" not in tags, tags
