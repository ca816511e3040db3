# Two commands matter: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TF_PIN := tensorflow-cpu==2.21.0
KERAS_PIN := keras==3.15.1
# torch first, on its own: the pinned CPU wheel. Lightning and transformers then find it
# installed and pull no second (CUDA) build.
TORCH_PIN := torch==2.13.0
TORCH_PKGS := lightning==2.6.6 transformers==5.24.0 accelerate==1.15.0
# JAX on CPU (jaxlib's CPU wheel; no CUDA plugin), with optax and Flax (NNX).
JAX_PKGS := jax==0.10.2 jaxlib==0.10.2 optax==0.2.8 flax==0.12.8
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TF_PIN)" "$(KERAS_PIN)" -e ".[test]"
	$(BIN)/python -m pip install --quiet "$(TORCH_PIN)"
	$(BIN)/python -m pip install --quiet $(TORCH_PKGS) "$(TORCH_PIN)"
	$(BIN)/python -m pip install --quiet $(JAX_PKGS)
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/nanguard demo

test: $(STAMP)
	./scripts/ensure-chromium || true
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

bench: $(STAMP)
	$(BIN)/python bench/overhead.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
