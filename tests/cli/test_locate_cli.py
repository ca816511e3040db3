"""`nanguard locate` re-localizes offline and refuses bad folders with exit code 2."""

from __future__ import annotations

import json

import numpy as np

from nanguard.cli import main
from nanguard.core import incident_store


def _incident(tmp_path, x):
    return incident_store.write_incident(
        tmp_path / "inc", {"step": 5, "epoch": 1, "batch": 2, "trigger": "loss"},
        {"x": x, "y": np.zeros((3, 1), np.float32)}, {"d/kernel": np.ones((2, 1))},
        {"it": np.array(5)},
    )


def test_locate_names_the_bad_rows_of_a_data_incident(tmp_path, capsys):
    x = np.ones((3, 2), np.float32)
    x[2, 0] = np.inf
    folder = _incident(tmp_path, x)
    assert main(["locate", str(folder), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["origin"]["phase"] == "data" and report["origin"]["input"] == "x"
    assert report["origin"]["rows"] == [2] and report["cause"] == "nonfinite_input"
    assert report["step"] == 5


def test_locate_exits_2_on_a_missing_folder(tmp_path, capsys):
    assert main(["locate", str(tmp_path / "nope")]) == 2
    assert "no such incident folder" in capsys.readouterr().err


def test_locate_exits_2_on_a_tampered_folder(tmp_path, capsys):
    folder = _incident(tmp_path, np.ones((3, 2), np.float32))
    (folder / "meta.json").write_text('{"step": 1}')
    assert main(["locate", str(folder)]) == 2
    assert "meta.json: checksum mismatch" in capsys.readouterr().err
