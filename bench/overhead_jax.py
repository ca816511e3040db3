"""JAX overhead: the guarded optax step beside a plain optax step and ``optax.apply_if_finite``.

One process, one MLP train step (``value_and_grad`` + optimizer + apply) jitted
once per arm. Each round runs every arm for the same number of steps, in a
seeded random order, with asynchronous dispatch kept (one ``block_until_ready``
at the end of an arm's round). Ratios are per round against the plain arm, wall
and process-CPU time, median and mean over rounds; ``plain (null A/B)`` is a
second, separately jitted copy of the plain step: its ratio is the noise floor.
A second table per section gives noise-free figures of each compiled step: XLA's
bytes accessed (``compile().cost_analysis()``) and the entry computation's
top-level kernels (fusions, copies, dots).

Arms:

* ``plain``: ``optax.adamw`` + ``optax.apply_updates``;
* ``plain + sum of squares``: ``plain`` that also returns the gradients' sum of
  squares, written as the guard writes it, and decides nothing: the cost of reading
  every gradient once, the floor of any guard that checks every entry before it
  writes (always run, like ``plain``);
* ``guard``: ``nanguard.jax.guard(adamw)`` + ``nanguard.jax.apply_updates(.., opt_state)``;
* ``guard, per-entry apply``: the same with ``apply_updates(params, updates)``;
* ``guard + Monitor``: ``guard`` plus ``Monitor.observe`` on the host every step, as
  docs/jax.md's loop does: one ``Monitor(logdir, loss_fn=loss_fn)`` per section (a
  temporary logdir, default ``log_every=50``) fed ``params``, ``opt_state`` and the
  batch, so its periodic step log (which reads the guard state to the host) fires
  inside the timed rounds; the table's footnote gives how many times it did;
* ``guard(spike=True)``;
* ``guard(check_updates="all")``: every update entry checked (the default samples
  the smallest update leaf and the scalar state leaves);
* ``guard(select="cond")``: ``lax.cond`` around the inner update instead of the
  ``where`` select;
* ``optax.apply_if_finite``: ``apply_if_finite(adamw, 3)`` + ``optax.apply_updates``;
* ``clip: user chain`` and ``clip: guard(clipnorm)``: ``chain(clip_by_global_norm(1),
  adamw)`` against ``guard(adamw, clipnorm=1)``, the latter's ratio also printed
  against the former.

Every arm runs twice: without buffer donation, and with ``donate_argnums=(0, 1)``
(params and optimizer state donated, as real training loops do), the same for
every arm. A GPU section runs the same arms, in both donation modes, when JAX
sees a GPU (with a 1024-4096-4096-4096-10 MLP, batch 1024).

Usage: ``python bench/overhead_jax.py [--rounds 15] [--steps 20] [--quick]
[--sizes 256,512,512,512,10 --batch 256] [--arms guard,guard + Monitor]
[--donation both|no|yes]`` (``plain`` and its null A/B always run).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import optax  # noqa: E402
from _timing import Samples, head_commit, ratio_row, round_orders  # noqa: E402

import nanguard.jax as ngj  # noqa: E402


def init_mlp(key, sizes):
    params = []
    for i, (m, n) in enumerate(zip(sizes[:-1], sizes[1:])):
        k = jax.random.fold_in(key, i)
        params.append({"w": jax.random.normal(k, (m, n)) / jnp.sqrt(m), "b": jnp.zeros(n)})
    return params


def loss_fn(params, x, y):
    h = x
    for layer in params[:-1]:
        h = jax.nn.relu(h @ layer["w"] + layer["b"])
    out = h @ params[-1]["w"] + params[-1]["b"]
    return jnp.mean((out - y) ** 2)


def make_arms():
    adamw = lambda: optax.adamw(1e-3)  # noqa: E731

    def plain_step(tx):
        def step(params, opt_state, x, y):
            loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
            updates, opt_state = tx.update(grads, opt_state, params)
            return optax.apply_updates(params, updates), opt_state, loss
        return step

    def plain_sumsq_step(tx):  # the floor of any guard that checks every gradient entry
        def step(params, opt_state, x, y):
            loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
            sumsq = sum(jnp.sum(jnp.abs(g) * jnp.abs(g))  # as the guard writes it
                        for g in jax.tree_util.tree_leaves(grads))
            updates, opt_state = tx.update(grads, opt_state, params)
            return optax.apply_updates(params, updates), opt_state, (loss, sumsq)
        return step

    def guard_step(tx, per_entry=False):
        def step(params, opt_state, x, y):
            loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
            updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
            params = ngj.apply_updates(params, updates, None if per_entry else opt_state)
            return params, opt_state, ngj.metrics(opt_state)
        return step

    guarded = ngj.guard(adamw())
    return {
        "plain": (adamw(), plain_step, False),
        "plain (null A/B)": (adamw(), plain_step, False),
        "plain + sum of squares": (adamw(), plain_sumsq_step, False),
        "guard": (guarded, guard_step, False),
        "guard, per-entry apply": (ngj.guard(adamw()),
                                   lambda tx: guard_step(tx, per_entry=True), False),
        "guard + Monitor": (ngj.guard(adamw()), guard_step, True),
        "guard(spike=True)": (ngj.guard(adamw(), spike=True), guard_step, False),
        'guard(check_updates="all")': (ngj.guard(adamw(), check_updates="all"),
                                       guard_step, False),
        'guard(select="cond")': (ngj.guard(adamw(), select="cond"), guard_step, False),
        "optax.apply_if_finite": (optax.apply_if_finite(adamw(), 3), plain_step, False),
        "clip: user chain": (optax.chain(optax.clip_by_global_norm(1.0), adamw()),
                             plain_step, False),
        "clip: guard(clipnorm)": (ngj.guard(adamw(), clipnorm=1.0), guard_step, False),
    }


def compiled_counts(step, *args) -> dict:
    """Noise-free figures of the compiled step: XLA's bytes accessed, and the top-level
    kernels of its entry computation (fusions, copies, dots: one launch each on CPU)."""
    compiled = step.lower(*args).compile()
    cost = compiled.cost_analysis()
    cost = cost[0] if isinstance(cost, list) else cost
    entry = re.search(r"\nENTRY [^\n]*\{\n(.*?)\n\}", compiled.as_text(), re.S).group(1)
    ops = [m.group(1) for m in re.finditer(r"= [^=]*?\s([a-z][a-z0-9-]*)\(", entry)]
    return {"mb": cost.get("bytes accessed", 0.0) / 1e6, "fusions": ops.count("fusion"),
            "copies": ops.count("copy"), "kernels": len([o for o in ops if o not in (
                "parameter", "constant", "tuple", "get-tuple-element", "bitcast")])}


def run_section(device, rounds: int, steps: int, sizes, batch: int, seed: int = 0,
                donate: bool = False, only: tuple[str, ...] = ()) -> dict:
    key = jax.random.PRNGKey(seed)
    with jax.default_device(device):
        params0 = init_mlp(key, sizes)
        x = jax.random.normal(jax.random.fold_in(key, 99), (batch, sizes[0]))
        y = jax.random.normal(jax.random.fold_in(key, 98), (batch, sizes[-1]))
        arms, counts = {}, {}
        for name, (tx, make, monitor) in make_arms().items():
            if only and name not in only and not name.startswith("plain"):
                continue
            step = jax.jit(make(tx), donate_argnums=(0, 1) if donate else ())
            p0 = jax.tree_util.tree_map(jnp.copy, params0)  # each arm owns its buffers
            state = [p0, tx.init(p0)]
            counts[name] = compiled_counts(step, state[0], state[1], x, y)
            out = step(state[0], state[1], x, y)  # compile + warm up
            jax.block_until_ready(out)
            state[0], state[1] = out[0], out[1]
            arms[name] = {"step": step, "state": state, "monitor": monitor}
        monitors = {name: ngj.Monitor(tempfile.mkdtemp(prefix="nanguard-bench-"),
                                      loss_fn=loss_fn, verbose=0)
                    for name, arm in arms.items() if arm["monitor"]}
        samples = {name: Samples() for name in arms}
        for order in round_orders(list(arms), rounds, seed):
            for name in order:
                arm = arms[name]
                step, (params, opt_state) = arm["step"], arm["state"]
                mon = monitors.get(name)
                t0, c0 = time.perf_counter(), time.process_time()
                for _ in range(steps):
                    params, opt_state, m = step(params, opt_state, x, y)
                    if mon is not None:
                        mon.observe(m, params=params, opt_state=opt_state, batch=(x, y))
                jax.block_until_ready((params, opt_state))
                samples[name].add(time.perf_counter() - t0, time.process_time() - c0, steps)
                arm["state"] = [params, opt_state]
        logged = {}
        for name, mon in monitors.items():
            mon.close()  # outside the timed rounds: the run's end, once
            with open(Path(mon.logdir) / "steps.jsonl") as f:
                logged[name] = sum(1 for _ in f)
    base = samples["plain"]

    def fastest(s):  # the least-disturbed round: robust when other processes share the CPU
        return min(w / n for w, n in zip(s.wall, s.steps)) * 1e3

    rows = {name: {"ms": s.ms_per_step(), "ms_min": fastest(s),
                   "min_ratio": fastest(s) / fastest(base), **ratio_row(s, base),
                   **counts[name]}
            for name, s in samples.items()}
    for name, n in logged.items():
        rows[name]["logged"] = n
    if "clip: guard(clipnorm)" in samples and "clip: user chain" in samples:
        rows["clip: guard(clipnorm)"]["vs_user_clip"] = ratio_row(
            samples["clip: guard(clipnorm)"], samples["clip: user chain"])["wall_median"]
    return rows


def print_table(title: str, rows: dict) -> None:
    print(f"\n### {title}\n")
    print("| arm | ms/step median | ms/step fastest round (ratio) "
          "| wall ratio median (mean; min-max) | CPU ratio median (mean) |")
    print("|---|---|---|---|---|")
    for name, r in rows.items():
        extra = f"; vs user clip {r['vs_user_clip']:.3f}x" if "vs_user_clip" in r else ""
        print(f"| {name} | {r['ms']:.2f} | {r['ms_min']:.2f} ({r['min_ratio']:.3f}x) "
              f"| {r['wall_median']:.3f}x ({r['wall_mean']:.3f}; "
              f"{r['wall_min']:.3f}-{r['wall_max']:.3f}){extra} | "
              f"{r['cpu_median']:.3f}x ({r['cpu_mean']:.3f}) |")
    for name, r in rows.items():
        if "logged" in r:
            print(f"\n{name}: {r['logged']} periodic step-log records written inside the "
                  "timed rounds (log_every=50, one Monitor over all rounds).")
    print("\nCompiled step (XLA, deterministic): bytes accessed per step "
          "(`cost_analysis`) and top-level kernels of the entry computation.\n")
    print("| arm | MB accessed (ratio) | kernels | fusions | copies |")
    print("|---|---|---|---|---|")
    base = rows["plain"]["mb"]
    for name, r in rows.items():
        print(f"| {name} | {r['mb']:.2f} ({r['mb'] / base:.3f}x) | {r['kernels']} "
              f"| {r['fusions']} | {r['copies']} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="3 rounds of 20 steps")
    parser.add_argument("--sizes", default="256,512,512,512,10", help="MLP layer widths")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--arms", default="", help="comma-separated arm names (default: all)")
    parser.add_argument("--donation", choices=("both", "no", "yes"), default="both")
    opts = parser.parse_args()
    rounds, steps = (3, 20) if opts.quick else (opts.rounds, opts.steps)
    sizes, batch = tuple(int(v) for v in opts.sizes.split(",")), opts.batch
    print(f"nanguard JAX overhead; commit {head_commit(ROOT)}; jax {jax.__version__}, "
          f"optax {optax.__version__}; MLP {sizes}, batch {batch}, adamw; "
          f"{rounds} rounds x {steps} steps per arm, seeded random order")
    only = tuple(a.strip() for a in opts.arms.split(",") if a.strip())
    unknown = set(only) - set(make_arms())
    if unknown:
        parser.error(f"unknown arms {sorted(unknown)}; known: {sorted(make_arms())}")
    cpu = jax.devices("cpu")[0]
    donations = {"both": (False, True), "no": (False,), "yes": (True,)}[opts.donation]
    for donate in donations:
        label = "params/opt_state donated" if donate else "no donation"
        print_table(f"CPU ({cpu.device_kind}), {label}",
                    run_section(cpu, rounds, steps, sizes, batch, donate=donate, only=only))
    try:
        gpus = jax.devices("gpu")
    except RuntimeError:
        gpus = []
    if gpus:
        for donate in donations:
            label = "params/opt_state donated" if donate else "no donation"
            print_table(f"GPU ({gpus[0].device_kind}), {label}",
                        run_section(gpus[0], rounds, steps, (1024, 4096, 4096, 4096, 10), 1024,
                                    donate=donate, only=only))
    else:
        print("\nGPU: none present (no GPU section).")


if __name__ == "__main__":
    main()
