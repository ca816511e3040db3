"""Zoo of real-world NaN/Inf bugs: one module per case (see ``tests/zoo/test_zoo.py``)."""
