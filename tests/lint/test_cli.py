"""`nanguard lint` on the command line: exit codes, formats, selection, config."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nanguard.cli import main

BAD = "import tensorflow as tf\n\n\ndef loss(y, p):\n    return tf.math.log(p)\n"
GOOD = "import tensorflow as tf\n\n\ndef f(p):\n    return tf.math.log(p + 1e-7)\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder as the working directory, so no outer pyproject.toml applies."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["lint", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_file_exits_0_and_says_all_checks_passed(project, capsys):
    (project / "good.py").write_text(GOOD)
    code, out, _ = lint(capsys, "good.py")
    assert code == 0
    assert "All checks passed!" in out


def test_finding_exits_1_with_ruff_style_line_and_summary(project, capsys):
    (project / "bad.py").write_text(BAD)
    code, out, _ = lint(capsys, "bad.py")
    assert code == 1
    # the confidence follows the code: `log(p)` of a loss input is medium evidence
    assert "bad.py:5:12: NG101 [medium] `tf.math.log` of an expression" in out
    assert "Found 1 problem (1 × NG101) in 1 file." in out
    assert "\x1b[" not in out  # no colour when stdout is not a TTY


def test_folder_is_walked_and_default_path_is_cwd(project, capsys):
    (project / "pkg").mkdir()
    (project / "pkg" / "bad.py").write_text(BAD)
    (project / "pkg" / "good.py").write_text(GOOD)
    code, out, _ = lint(capsys)
    assert code == 1
    assert "pkg/bad.py:5:12: NG101" in out
    assert "good.py" not in out


def test_missing_path_exits_2_naming_the_path(project, capsys):
    code, _, err = lint(capsys, "nope.py")
    assert code == 2
    assert "'nope.py'" in err and "existing file or folder" in err


def test_unknown_rule_code_exits_2_listing_allowed_codes(project, capsys):
    (project / "bad.py").write_text(BAD)
    code, _, err = lint(capsys, "--select", "NG999", "bad.py")
    assert code == 2
    assert "'NG999'" in err and "NG101" in err


def test_syntax_error_is_reported_and_other_files_still_checked(project, capsys):
    (project / "broken.py").write_text("def f(:\n    pass\n")
    (project / "bad.py").write_text(BAD)
    code, out, _ = lint(capsys, ".")
    assert code == 1
    assert "broken.py:1:" in out and "NG001 [high] SyntaxError" in out
    assert "bad.py:5:12: NG101" in out


def test_json_format_parses_with_location_and_fix(project, capsys):
    (project / "bad.py").write_text(BAD)
    code, out, _ = lint(capsys, "--format", "json", "bad.py")
    data = json.loads(out)
    assert code == 1
    assert data == [
        {
            "path": "bad.py",
            "line": 5,
            "col": 12,
            "code": "NG101",
            "message": data[0]["message"],
            "fix_title": data[0]["fix_title"],
            "confidence": "medium",
            "evidence": "loss/compiled-function input or data name",
        }
    ]
    assert "safe_log" in data[0]["fix_title"]


def test_sarif_format_is_version_2_1_0_with_results(project, capsys):
    (project / "bad.py").write_text(BAD)
    _, out, _ = lint(capsys, "--format", "sarif", "bad.py")
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "NG101"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (5, 12)
    assert sarif["runs"][0]["tool"]["driver"]["rules"][0]["id"] == "NG101"


def test_github_format_annotation_level_follows_the_confidence(project, capsys):
    (project / "bad.py").write_text(BAD)
    _, out, _ = lint(capsys, "--format", "github", "bad.py")
    assert out.startswith("::warning file=bad.py,line=5,col=12,title=NG101 (medium)::")
    assert "::NG101 [medium] `tf.math.log`" in out
    sure = "import tensorflow as tf\n\n\ndef kl_loss(logits):\n    return tf.math.exp(logits)\n"
    (project / "bad.py").write_text(sure)  # exp of a logit in a loss: high (13/14 measured)
    _, out, _ = lint(capsys, "--format", "github", "bad.py")
    assert out.startswith("::error file=bad.py,line=5,col=12,title=NG108 (high)::")
    unsure = "import tensorflow as tf\n\n\ndef f(p):\n    return tf.math.log(p)\n"
    (project / "bad.py").write_text(unsure)
    _, out, _ = lint(capsys, "--format", "github", "--min-confidence", "low", "bad.py")
    assert out.startswith("::notice file=bad.py,line=5,col=12,title=NG101 (low)::")


def test_noqa_with_code_and_bare_noqa_suppress(project, capsys):
    (project / "a.py").write_text(BAD.replace("(p)\n", "(p)  # noqa: NG101\n"))
    (project / "b.py").write_text(BAD.replace("(p)\n", "(p)  # noqa\n"))
    (project / "c.py").write_text(BAD.replace("(p)\n", "(p)  # noqa: NG102\n"))
    code, out, _ = lint(capsys, "a.py", "b.py", "c.py")
    assert code == 1
    assert "a.py" not in out and "b.py" not in out
    assert "c.py:5:12: NG101" in out


def test_select_and_ignore_choose_rules_by_code_or_prefix(project, capsys):
    (project / "bad.py").write_text(BAD)
    assert lint(capsys, "--select", "NG102", "bad.py")[0] == 0
    assert lint(capsys, "--ignore", "NG101", "bad.py")[0] == 0
    assert lint(capsys, "--select", "NG1", "bad.py")[0] == 1
    assert lint(capsys, "--select", "NG102", "--extend-select", "NG101", "bad.py")[0] == 1


def test_pyproject_config_select_ignore_and_exclude(project, capsys):
    (project / "bad.py").write_text(BAD)
    (project / "gen").mkdir()
    (project / "gen" / "bad.py").write_text(BAD)
    (project / "pyproject.toml").write_text(
        '[tool.nanguard.lint]\nignore = ["NG101"]\nexclude = ["gen"]\n'
    )
    assert lint(capsys, ".")[0] == 0
    (project / "pyproject.toml").write_text('[tool.nanguard.lint]\nexclude = ["gen"]\n')
    code, out, _ = lint(capsys, ".")
    assert code == 1 and "gen/" not in out
    (project / "pyproject.toml").write_text(
        '[tool.nanguard.lint]\nselect = ["NG102"]\nextend-select = ["NG101"]\n'
    )
    assert lint(capsys, "bad.py")[0] == 1
    # the command line overrides the configured selection
    assert lint(capsys, "--select", "NG102", "bad.py")[0] == 0


def test_pyproject_unknown_code_exits_2(project, capsys):
    (project / "bad.py").write_text(BAD)
    (project / "pyproject.toml").write_text('[tool.nanguard.lint]\nignore = ["NG7"]\n')
    code, _, err = lint(capsys, "bad.py")
    assert code == 2 and "'NG7'" in err


def test_explain_prints_the_four_doc_sections(project, capsys):
    code, out, _ = lint(capsys, "--explain", "NG101")
    assert code == 0
    for section in ("What it does", "Why is this bad?", "Example", "Use instead"):
        assert f"## {section}" in out
    assert "safe_log" in out


def test_explain_unknown_code_exits_2(project, capsys):
    code, _, err = lint(capsys, "--explain", "NG999")
    assert code == 2 and "'NG999'" in err


def test_show_fixes_prints_help_lines(project, capsys):
    (project / "bad.py").write_text(BAD)
    _, out, _ = lint(capsys, "--show-fixes", "bad.py")
    assert "    help: Guard it: `nanguard.ops.safe_log(x)`" in out


def test_lint_command_never_imports_the_linted_code(project):
    (project / "boom.py").write_text(
        "raise SystemExit('imported!')\nimport torch\ntorch.log(torch.relu(x))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "nanguard.cli", "lint", "boom.py"],
        capture_output=True,
        text=True,
        cwd=project,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "boom.py:3:1: NG101" in proc.stdout
    assert "imported!" not in proc.stdout + proc.stderr


def test_pre_commit_hook_entry_runs_nanguard_lint():
    text = (Path(__file__).parents[2] / ".pre-commit-hooks.yaml").read_text()
    assert "id: nanguard-lint" in text
    assert "entry: nanguard lint" in text
    assert "language: python" in text
    assert "types: [python]" in text


def test_explicit_config_file_and_no_config(project, capsys, tmp_path_factory):
    (project / "bad.py").write_text(BAD)
    other = tmp_path_factory.mktemp("cfg") / "pyproject.toml"
    other.write_text('[tool.nanguard.lint]\nignore = ["NG1"]\n')
    assert lint(capsys, "--config", str(other), "bad.py")[0] == 0
    (project / "pyproject.toml").write_text('[tool.nanguard.lint]\nignore = ["NG1"]\n')
    assert lint(capsys, "--no-config", "bad.py")[0] == 1
    code, _, err = lint(capsys, "--config", "missing.toml", "bad.py")
    assert code == 2 and "missing.toml" in err


def test_unknown_config_key_warns_and_still_lints(project, capsys):
    (project / "bad.py").write_text(BAD)
    (project / "pyproject.toml").write_text('[tool.nanguard.lint]\nselct = ["NG101"]\n')
    code, _, err = lint(capsys, "bad.py")
    assert code == 1
    assert "unknown key `selct`" in err


def test_text_renderer_colours_only_when_asked():
    from nanguard.lint import Diagnostic
    from nanguard.lint.output import render_text

    diag = [Diagnostic("a.py", 1, 2, "NG101", "msg", "fix")]
    assert "\x1b[" in render_text(diag, color=True)
    assert render_text(diag) == (
        f"a.py:1:2: NG101 [{diag[0].confidence}] msg\nFound 1 problem (1 × NG101) in 1 file.\n"
    )


UNPROVEN = "import tensorflow as tf\n\n\ndef f(p):\n    return tf.math.log(p)\n"


def test_min_confidence_low_adds_findings_without_evidence(project, capsys):
    (project / "maybe.py").write_text(UNPROVEN)
    code, out, _ = lint(capsys, "maybe.py")
    assert code == 0 and "All checks passed!" in out
    code, out, _ = lint(capsys, "--min-confidence", "low", "--format", "json", "maybe.py")
    assert code == 1
    assert [(d["code"], d["confidence"]) for d in json.loads(out)] == [("NG101", "low")]


def test_min_confidence_high_drops_medium_findings(project, capsys):
    (project / "bad.py").write_text(BAD)  # log of a loss input: medium
    (project / "masked.py").write_text(  # a masked mean: high once calibrated (94%)
        "import tensorflow as tf\n\n\ndef loss(x, mask):\n"
        "    return tf.reduce_sum(x * mask) / tf.reduce_sum(mask)\n"
    )
    code, out, _ = lint(capsys, "--min-confidence", "high", ".")
    assert code == 1
    assert "masked.py:5:12: NG103" in out and "bad.py" not in out


def test_min_confidence_from_pyproject_and_cli_overrides_it(project, capsys):
    (project / "pyproject.toml").write_text('[tool.nanguard.lint]\nmin-confidence = "low"\n')
    (project / "maybe.py").write_text(UNPROVEN)
    code, out, _ = lint(capsys, "maybe.py")
    assert code == 1 and "maybe.py:5:12: NG101" in out
    code, out, _ = lint(capsys, "--min-confidence", "medium", "maybe.py")
    assert code == 0


def test_bad_min_confidence_in_pyproject_is_a_usage_error(project, capsys):
    (project / "pyproject.toml").write_text('[tool.nanguard.lint]\nmin-confidence = "sure"\n')
    (project / "maybe.py").write_text(UNPROVEN)
    code, _, err = lint(capsys, "maybe.py")
    assert code == 2
    assert "min-confidence" in err and "sure" in err
