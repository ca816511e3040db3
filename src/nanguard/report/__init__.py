"""Renderers of the run log: console, HTML, TensorBoard."""
