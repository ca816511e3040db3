"""`nanguard locate` re-localizes offline and refuses bad folders with exit code 2."""

from __future__ import annotations

import json

import numpy as np

from nanguard.cli import main
from nanguard.core import incident_store
from nanguard.core.render import finding_summary


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


def _log_of_softmax_loss(tf):
    def loss(y_true, logits):
        probs = tf.nn.softmax(logits)
        return -tf.reduce_sum(y_true * tf.math.log(probs), axis=-1)  # log(0) on huge logits

    return loss


def test_locate_relocalizes_a_real_guard_incident_from_its_saved_trace(tf, tmp_path, capsys):
    import keras

    import nanguard

    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 4)).astype("float32")
    x[8:16] *= 1e4  # batch 1: logits so large that softmax underflows to exactly 0
    y = keras.utils.to_categorical(np.arange(32) % 3, 3).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="logits")])
    model.compile(keras.optimizers.SGD(1e-3), _log_of_softmax_loss(tf))
    guard = nanguard.keras.Guard(logdir=tmp_path / "run", verbose=0)
    model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0, callbacks=[guard])
    assert guard.skipped == 1 and len(guard.incidents) == 1
    online = guard.incidents[0]["finding"]
    folder = tmp_path / "run" / "incidents" / "1"
    assert guard.incidents[0]["folder"] == str(folder)
    assert (folder / "trace.json").is_file()  # the op trace the offline locator re-analyses
    capsys.readouterr()

    assert main(["locate", str(folder), "--format", "json"]) == 1
    offline = json.loads(capsys.readouterr().out)
    o = offline["origin"]
    assert (o["phase"], o["op"], offline["cause"]) == ("forward", "Log", "log_of_zero")
    assert o["file"] == __file__ and o["line"] == _LOG_LINE
    assert offline["step"] == 1
    # Every origin field equals the online finding's, the batch rows at fault too: the
    # replay reads them from the origin op's output tensor (core/rows.py), which the
    # folder does not keep, so the trace records them (core/origin_context.py).
    assert online["origin"]["rows"] == list(range(8))
    assert o == online["origin"] and offline["cause"] == online["cause"]

    assert main(["locate", str(folder)]) == 1  # the text format names the same line
    text = capsys.readouterr().out
    # ... through the one finding renderer the console sink uses (core/render.py).
    assert f"step 1: {finding_summary(offline)}\n" in text
    assert f"at {__file__}:{_LOG_LINE}: log_of_zero" in text


_LOG_LINE = _log_of_softmax_loss.__code__.co_firstlineno + 3


def test_a_finding_no_trace_can_show_is_given_from_the_report_not_denied(tmp_path, capsys):
    """A compiled-only finding: the eager trace is finite, the guard's report is not."""
    from nanguard.core.incident import Finding, Origin

    folder = _incident(tmp_path, np.ones((3, 2), np.float32))
    finite = {"schema": "nanguard.trace/2", "framework": "torch", "loss": "loss",
              "grads": [], "nodes": [], "stats": {}}
    incident_store.add_file(folder, "trace.json", finite)
    saved = Finding(origin=Origin(phase="forward", op="torch.compile"), cause="opaque_call",
                    explanation="compiled-only: the eager replay of this step is finite.",
                    fix="Confirm with the step run eagerly.", step=5, epoch=1, batch=2)
    incident_store.add_file(folder, "report.json", saved.to_dict())
    assert main(["locate", str(folder), "--format", "json"]) == 1
    out = capsys.readouterr()
    assert json.loads(out.out) == saved.to_dict()
    assert "cannot be re-derived offline" in out.err
    assert main(["locate", str(folder)]) == 1
    text = capsys.readouterr().out
    assert "cannot be re-derived offline" in text and "torch.compile" in text
    assert "No non-finite value found" not in text


def test_a_clean_incident_without_a_report_still_says_nothing_was_found(tmp_path, capsys):
    folder = _incident(tmp_path, np.ones((3, 2), np.float32))
    assert main(["locate", str(folder)]) == 0
    assert "No non-finite value found" in capsys.readouterr().out
