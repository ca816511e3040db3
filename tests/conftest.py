"""Session-wide test setup.

TensorFlow is imported at most once per session, here, and configured with two
logical CPU devices so `tf.distribute.MirroredStrategy` tests run on a laptop.
Tests that need TF use the `tf` fixture (or import tensorflow after this ran).
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "nanguard",
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("nanguard")

_TF = None


def _configure_tf():
    global _TF
    if _TF is None:
        import tensorflow as tf

        cpus = tf.config.list_physical_devices("CPU")
        try:
            tf.config.set_logical_device_configuration(
                cpus[0], [tf.config.LogicalDeviceConfiguration()] * 2
            )
        except RuntimeError:
            pass  # already initialised (e.g. a test imported TF first)
        _TF = tf
    return _TF


try:  # configure devices before any test module touches TensorFlow
    _configure_tf()
except ImportError:  # pragma: no cover - the [tf] extra is not installed
    pass


@pytest.fixture(scope="session")
def tf():
    return _configure_tf()


@pytest.fixture(scope="session")
def mirrored_strategy(tf):
    """One MirroredStrategy over the 2 logical CPUs, shared by the whole session.

    Two strategies in one process hand out the same collective instance keys, and
    TensorFlow caches a collective's shape by key, so a second strategy's all-reduce
    of a different size fails with "Shape mismatch in the collective instance".
    Real programs use one strategy per process; so do the tests.
    """
    return tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])


@pytest.fixture
def unwritable_path(tmp_path):
    """A folder path that cannot be created or written (root ignores chmod, so use /proc)."""
    if os.geteuid() == 0:
        return "/proc/nanguard-cannot-write-here"
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    return ro / "sub"


@pytest.fixture(autouse=False)
def seeded(tf):
    import keras

    keras.utils.set_random_seed(1234)
    yield
