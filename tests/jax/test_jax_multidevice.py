"""Two host CPU devices: under jit with shardings and under shard_map, every device decides alike.

The checks run in a subprocess (``multidevice_check.py``) because
``XLA_FLAGS=--xla_force_host_platform_device_count=2`` must be set before JAX is
imported, and this session may already have imported it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("jax")
pytest.importorskip("optax")


@pytest.fixture(scope="module")
def observations():
    script = Path(__file__).with_name("multidevice_check.py")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_jit_with_a_nan_in_one_devices_shard_skips_on_every_device_bitwise(observations):
    jit = observations["jit"]
    assert jit["devices"] == 2 and jit["w_sharded_over"] == 2
    assert jit["applied_per_device"] == [False, False]
    assert jit["unchanged"]


def test_shard_map_with_axis_name_agrees_on_a_gradient_nan_from_one_device(observations):
    case = observations["shard_map_grad_psum"]
    assert case["applied_per_device"] == [False, False]
    assert not case["device0_changed"] and not case["device1_changed"]


def test_shard_map_without_axis_name_would_split_the_decision(observations):
    # The control: the local decision differs per device, which axis_name prevents.
    case = observations["shard_map_grad_local"]
    assert case["applied_per_device"] == [True, False]
    assert case["device0_changed"] and not case["device1_changed"]


def test_shard_map_agrees_on_a_loss_inf_from_one_device(observations):
    case = observations["shard_map_loss_psum"]
    assert case["applied_per_device"] == [False, False]
    assert not case["device0_changed"] and not case["device1_changed"]


def test_shard_map_healthy_step_applies_on_every_device(observations):
    case = observations["shard_map_healthy"]
    assert case["applied_per_device"] == [True, True]
    assert case["device0_changed"] and case["device1_changed"]
