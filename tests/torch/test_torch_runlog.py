"""The engine on a torch run: run log, incidents, spikes, TensorBoard, and the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

import nanguard.torch as ngt
from nanguard.cli import main as cli
from nanguard.core import incident_store
from nanguard.core.incident import validate_report
from nanguard.errors import NonFiniteError


class LogNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.body = torch.nn.Linear(4, 4)
        self.head = torch.nn.Linear(4, 1)

    def forward(self, x):
        return self.head(torch.log(torch.relu(self.body(x)) + x[:, :1].abs() * 0))


def _batches(n, bad=(), scale=None):
    g = torch.Generator().manual_seed(1)
    out = []
    for i in range(n):
        x = torch.rand(8, 4, generator=g) + 1.0
        y = torch.randn(8, 1, generator=g)
        if i in bad:
            x[:] = -1.0  # relu -> 0 -> log(0) = -inf in the forward pass
        out.append((x, y, scale if i == scale else None))
    return out


def _train(tmp_path, n=20, bad=(8,), **kw):
    model = LogNet()
    with torch.no_grad():
        model.body.weight.copy_(torch.eye(4))
        model.body.bias.zero_()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def loss_fn(batch):
        x, y, _ = batch
        return torch.nn.functional.mse_loss(model(x), y)

    guard = ngt.Guard(model, opt, logdir=tmp_path, loss_fn=loss_fn, verbose=0, log_every=2,
                      **kw)
    for batch in _batches(n, bad):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(batch)
        loss.backward()
        guard.step(loss, batch)
    guard.close()
    return guard


def test_run_log_counts_and_events(tmp_path):
    guard = _train(tmp_path)
    run = json.loads((tmp_path / "run.json").read_text())
    assert run["status"] == "completed"
    assert (run["steps"], run["skipped"], run["incidents"]) == (20, 1, 1)
    kinds = [json.loads(line)["kind"] for line in (tmp_path / "events.jsonl").open()]
    assert kinds.count("skip") == 1 and kinds.count("incident") == 1
    steps = [json.loads(line) for line in (tmp_path / "steps.jsonl").open()]
    assert any(s["skipped"] for s in steps) and sum(not s["skipped"] for s in steps) >= 5
    assert guard.skipped == 1


def test_incident_folder_is_checksummed_pickle_free_and_names_the_module_and_line(tmp_path):
    guard = _train(tmp_path)
    folder = tmp_path / "incidents" / "8"
    incident_store.verify(folder)
    for name in ("batch.npz", "variables.npz", "optimizer.npz"):
        with np.load(folder / name, allow_pickle=False) as arrays:
            assert len(arrays.files) > 0
    report = json.loads((folder / "report.json").read_text())
    validate_report(report)
    origin = report["origin"]
    assert (origin["phase"], origin["op"], origin["layer"]) == ("forward", "aten.log.default",
                                                               "LogNet")
    assert origin["line"] == LogNet.forward.__code__.co_firstlineno + 1
    assert report["cause"] == "log_of_zero"
    assert "nanguard.ops.safe_log" in report["fix"]
    trace = json.loads((folder / "trace.json").read_text())
    assert trace["framework"] == "torch"
    assert guard.incidents[0]["report"] == str(folder / "report.json")


def test_tampered_incident_is_rejected(tmp_path):
    _train(tmp_path)
    folder = tmp_path / "incidents" / "8"
    with (folder / "batch.npz").open("ab") as f:
        f.write(b"x")
    with pytest.raises(Exception, match="(?i)checksum|tamper|sha"):
        incident_store.verify(folder)


def test_nanguard_locate_cli_relocalizes_a_torch_incident_offline(tmp_path, capsys):
    guard = _train(tmp_path)
    code = cli(["locate", str(tmp_path / "incidents" / "8"), "--format", "json"])
    assert code == 1
    offline = json.loads(capsys.readouterr().out)
    online = guard.incidents[0]["finding"]
    assert offline["origin"]["line"] == online["origin"]["line"]
    assert offline["origin"]["op"] == online["origin"]["op"]
    assert offline["cause"] == online["cause"]


def test_nanguard_report_cli_writes_html_for_a_torch_run(tmp_path):
    _train(tmp_path)
    assert cli(["report", str(tmp_path)]) == 0
    html = (tmp_path / "report.html").read_text()
    assert "aten.log.default" in html


def test_tensorboard_scalars_and_incident_text(tmp_path):
    from tbparse import SummaryReader

    _train(tmp_path, tensorboard=True)
    reader = SummaryReader(str(tmp_path / "tensorboard"))
    tags = set(reader.scalars["tag"])
    assert {"nanguard/loss", "nanguard/grad_norm", "nanguard/skipped"} <= tags
    assert "nanguard/incident" in set(reader.text["tag"])


def test_loss_spike_is_skipped_and_logged_as_a_spike(tmp_path):
    model = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(model.parameters(), lr=1e-3)
    guard = ngt.Guard(model, opt, logdir=tmp_path, spike=True, spike_warmup=8, verbose=0)
    g = torch.Generator().manual_seed(0)
    for i in range(20):
        x, y = torch.randn(8, 4, generator=g), torch.randn(8, 1, generator=g)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y) * (1e4 if i == 15 else 1.0)
        loss.backward()
        guard.step(loss, (x, y))
    guard.close()
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").open()]
    assert [e["step"] for e in events if e["kind"] == "spike"] == [15]
    assert json.loads((tmp_path / "run.json").read_text())["spikes"] == 1


def test_stop_message_names_the_located_origin_and_report(tmp_path):
    with pytest.raises(NonFiniteError) as info:
        _train(tmp_path, n=12, bad=range(4, 12), max_consecutive_skips=3)
    err = info.value
    assert err.consecutive == 3
    assert "aten.log.default" in str(err) and err.report_path.endswith("report.json")
    assert json.loads((tmp_path / "run.json").read_text())["status"] == "stopped"
