"""Robustness sweep (optimizers other than Adam): NaN bugs from real issue threads, rewritten
as a user's small training program with the optimizer the program's author used or could
have used (PyTorch Adagrad and RMSprop, Keras SGD with Nesterov momentum, optax RMSprop),
run under the documented guards.

Each program pins the two promises: no non-finite value reaches the weights nor the
optimizer's own state (a skipped step leaves the weights and every accumulator, momentum or
mean-square slot bitwise unchanged), and the finding names the phase, the op, the module and
the line marked ``# BUG-LINE <name>`` in this file, with the cause. The last program's NaN is
born inside the optimizer itself (RMSprop with ``eps=0`` on a zero gradient): the guard's
exact update check keeps it off the weights. The source URL of each report is in the
comment above its program.
"""

from __future__ import annotations

import numpy as np
import pytest

import nanguard


def _bug_line(tag: str) -> int:
    lines = open(__file__).read().splitlines()
    return next(i for i, text in enumerate(lines, 1) if text.endswith(f"# BUG-LINE {tag}"))


def _check(finding, tag, *, phase, op, cause, trigger, layer=None, text=()):
    origin = finding["origin"]
    assert (origin["phase"], origin["op"], origin["line"]) == (phase, op, _bug_line(tag)), origin
    assert origin["file"] == __file__
    assert (finding["cause"], finding["trigger"]) == (cause, trigger), finding
    assert origin["layer"] == layer
    for piece in text:
        assert piece in finding["explanation"] + finding["fix"], finding


# ----------------------------------------------------------------------------- PyTorch
torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

import nanguard.torch as ngt  # noqa: E402


class Policy(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 3))

    def forward(self, s):
        return torch.log_softmax(self.net(s), -1)


# O1 https://github.com/ray-project/ray/issues/846 ("Policy gradient implementation gives
# NaNs when rewards are all 0": std() of an all-zero reward array): REINFORCE with the
# advantages normalized in the loss, trained with Adagrad.
def o1_reinforce_all_zero_rewards():
    torch.manual_seed(0)
    model = Policy()
    states, actions = torch.randn(6, 4), torch.randint(0, 3, (6,))
    rewards = torch.zeros(6)  # an episode with no reward at all

    def loss_fn(batch):
        s, a, r = batch
        logp = model(s)[torch.arange(len(a)), a]
        advantage = (r - r.mean()) / r.std()  # BUG-LINE o1
        return -(logp * advantage).mean()
    return model, (states, actions, rewards), loss_fn, torch.optim.Adagrad(
        model.parameters(), lr=1e-2)


# O2 https://github.com/philtabor/Actor-Critic-Methods-Paper-To-Code/issues/7 (SAC:
# log(1 - action² + eps) with action = tanh(u) * max_action; for max_action > 1 the
# argument goes negative), trained with RMSprop.
class Actor(nn.Module):
    def __init__(self, max_action=2.0):
        super().__init__()
        self.mu = nn.Linear(3, 2)
        self.log_std = nn.Linear(3, 2)
        self.max_action = max_action

    def forward(self, s):
        mu, std = self.mu(s), self.log_std(s).clamp(-5, 2).exp()
        dist = torch.distributions.Normal(mu, std)
        u = dist.rsample()
        action = torch.tanh(u) * self.max_action
        log_probs = dist.log_prob(u) - torch.log(1 - action.pow(2) + 1e-6)  # BUG-LINE o2
        return action, log_probs.sum(1)


def o2_sac_squashed_log_prob():
    torch.manual_seed(0)
    model = Actor()
    s = torch.randn(8, 3)

    def loss_fn(batch):
        (s,) = batch
        torch.manual_seed(1)  # the same reparameterization noise in the replay
        action, logp = model(s)
        return (0.2 * logp - action.sum(1)).mean()
    return model, (s,), loss_fn, torch.optim.RMSprop(model.parameters(), lr=3e-4)


def _train_torch(make, steps: int = 3):
    model, batch, loss_fn, opt = make()
    guard = ngt.Guard(model, opt, loss_fn=loss_fn, max_consecutive_skips=100, verbose=0)
    before = [p.detach().clone() for p in model.parameters()]
    state_before = {id(p): {k: v.clone() for k, v in s.items() if torch.is_tensor(v)}
                    for p, s in opt.state.items()}
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(batch)
        loss.backward()
        guard.step(loss, batch)
    guard.close()
    assert guard.skipped == steps
    assert all(torch.equal(b, p) for b, p in zip(before, model.parameters()))
    state_after = {id(p): {k: v for k, v in s.items() if torch.is_tensor(v)}
                   for p, s in opt.state.items()}
    assert state_after.keys() == state_before.keys()
    for key, slots in state_before.items():
        assert all(torch.equal(v, state_after[key][k]) for k, v in slots.items())
    finding = guard.incidents[0]["finding"]
    located = nanguard.locate(lambda: loss_fn(batch))
    assert (located.phase, located.op, located.line, located.cause) == (
        finding["origin"]["phase"], finding["origin"]["op"], finding["origin"]["line"],
        finding["cause"])
    return finding


def test_advantage_normalized_by_the_std_of_zero_rewards_is_a_forward_division_by_zero():
    finding = _train_torch(o1_reinforce_all_zero_rewards)
    _check(finding, "o1", phase="forward", op="aten.div.Tensor", cause="div_by_zero",
           trigger="loss", text=("safe_div", "from finite inputs"))


def test_sac_log_of_one_minus_a_scaled_action_squared_is_a_forward_log_domain_error():
    finding = _train_torch(o2_sac_squashed_log_prob)
    _check(finding, "o2", phase="forward", op="aten.log.default", cause="domain_error",
           trigger="loss", layer="Actor", text=("safe_log",))
    assert finding["origin"]["layer_class"] == "Actor"


# ------------------------------------------------------------------------------- Keras
tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

import nanguard.keras  # noqa: E402


# O3 https://github.com/keras-team/keras/issues/6644 ("custom rmse loss return nan"; also
# keras#1172): sqrt of a per-sample MSE is not differentiable at a sample fit exactly.
def root_mean_squared_error(y_true, y_pred):
    return keras.ops.sqrt(keras.ops.mean(keras.ops.square(y_pred - y_true), axis=-1))  # BUG-LINE o3


def o3_rmse_loss_at_an_exact_fit():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(2)])
    model.layers[-1].set_weights([np.zeros((8, 2), "float32"), np.zeros(2, "float32")])
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 4)).astype("float32")
    y = rng.normal(size=(32, 2)).astype("float32")
    y[7] = y[23] = 0.0  # one sample per batch that the zero head already predicts exactly
    model.compile(optimizer=keras.optimizers.SGD(1e-2, momentum=0.9, nesterov=True),
                  loss=root_mean_squared_error)
    return model, x, y


def test_rmse_loss_at_an_exact_fit_is_a_backward_sqrt_singularity_with_momentum_untouched(
        tmp_path):
    model, x, y = o3_rmse_loss_at_an_exact_fit()
    model.optimizer.build(model.trainable_variables)
    slots = [v for v in model.optimizer.variables if "momentum" in v.path]
    assert slots
    before = [w.copy() for w in model.get_weights()]
    slots_before = [v.numpy().copy() for v in slots]
    guard = nanguard.keras.Guard(logdir=str(tmp_path), max_consecutive_skips=100, verbose=0)
    model.fit(x, y, batch_size=16, epochs=1, verbose=0, shuffle=False, callbacks=[guard])
    assert guard.skipped == 2
    assert all(np.array_equal(b, a) for b, a in zip(before, model.get_weights()))
    assert all(np.array_equal(b, v.numpy()) for b, v in zip(slots_before, slots))
    _check(guard.incidents[0]["finding"], "o3", phase="backward", op="Sqrt",
           cause="grad_singularity", trigger="gradients", text=("safe_sqrt",))


# --------------------------------------------------------------------------------- JAX
jax = pytest.importorskip("jax")
optax = pytest.importorskip("optax")
linen = pytest.importorskip("flax.linen")
import jax.numpy as jnp  # noqa: E402

import nanguard.jax as ngj  # noqa: E402


# O4 https://github.com/google-deepmind/optax/pull/1553 ("scale_by_rms zero-gradient
# stability: this test only passes if eps is non-zero"): RMSprop with eps=0 divides a zero
# gradient by sqrt(0): the embedding rows no batch uses get 0/0 updates. The loss and the
# gradients are finite: the NaN is born inside the optimizer.
class Bag(linen.Module):
    @linen.compact
    def __call__(self, tokens):
        return linen.Dense(1, name="head")(linen.Embed(20, 8, name="emb")(tokens).mean(1))[:, 0]


def test_rmsprop_eps_0_nan_born_in_the_optimizer_never_reaches_the_embedding():
    tokens = jax.random.randint(jax.random.PRNGKey(0), (8, 4), 0, 10)  # rows 10-19 unused
    y = jax.random.normal(jax.random.PRNGKey(1), (8,))
    model = Bag()
    params = model.init(jax.random.PRNGKey(2), tokens)

    def loss_fn(params, tokens, y):
        return jnp.mean((model.apply(params, tokens) - y) ** 2)

    # The emb table is not the smallest update leaf, so the default sampled update check
    # cannot see its NaN (docs/jax.md); check_updates="all" sums every update entry.
    tx = ngj.guard(optax.rmsprop(1e-3, eps=0.0), check_updates="all")
    opt_state = tx.init(params)

    @jax.jit
    def train_step(params, opt_state, tokens, y):
        loss, grads = jax.value_and_grad(loss_fn)(params, tokens, y)
        updates, opt_state = tx.update(grads, opt_state, params, loss=loss)
        return ngj.apply_updates(params, updates, opt_state), opt_state, ngj.metrics(opt_state)

    before = [np.asarray(p).copy() for p in jax.tree_util.tree_leaves(params)]
    inner_before = [np.asarray(s).copy() for s in jax.tree_util.tree_leaves(opt_state.inner_state)]
    mon = ngj.Monitor(None, loss_fn=loss_fn, max_consecutive_skips=100, verbose=0)
    for _ in range(3):
        params, opt_state, m = train_step(params, opt_state, tokens, y)
        mon.observe(m, params=params, opt_state=opt_state, batch=(tokens, y))
    mon.close()
    assert mon.status.skipped == 3
    after = [np.asarray(p) for p in jax.tree_util.tree_leaves(params)]
    assert all(b.tobytes() == a.tobytes() for b, a in zip(before, after))
    inner_after = [np.asarray(s) for s in jax.tree_util.tree_leaves(opt_state.inner_state)]
    assert all(b.tobytes() == a.tobytes() for b, a in zip(inner_before, inner_after))
    # The replay of loss and gradients is clean: nothing to localize in the user's code.
    assert nanguard.locate(loss_fn, params, tokens, y) is None
