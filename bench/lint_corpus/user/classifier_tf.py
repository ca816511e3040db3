"""An image classifier with custom losses and a GradientTape loop (written for this corpus)."""

import numpy as np
import tensorflow as tf


def weighted_ce(y_true, logits, class_weights):
    probs = tf.nn.softmax(logits)
    ce = -tf.reduce_sum(y_true * tf.math.log(probs), axis=-1)
    w = tf.reduce_sum(y_true * class_weights, axis=-1)
    return tf.reduce_sum(ce * w) / tf.reduce_sum(w)


def bce_from_probs(y_true, y_pred):
    y_pred = tf.clip_by_value(y_pred, 1e-7, 1 - 1e-7)
    return -tf.reduce_mean(y_true * tf.math.log(y_pred) + (1 - y_true) * tf.math.log(1 - y_pred))


def kl_divergence(p, q):
    return tf.reduce_sum(p * tf.math.log(p / q), axis=-1)


def js_divergence(p, q):
    m = 0.5 * (p + q)
    return 0.5 * kl_divergence(p, m) + 0.5 * kl_divergence(q, m)


def standardize(x):
    mean, var = tf.nn.moments(x, axes=[0])
    return (x - mean) / tf.sqrt(var + 1e-5)


def normalize_features(x):
    return x / tf.reduce_sum(x, axis=-1, keepdims=True)


def log_cosh(y_true, y_pred):
    d = y_pred - y_true
    return tf.reduce_mean(tf.math.log(tf.math.cosh(d)))


def rmse(y_true, y_pred):
    return tf.sqrt(tf.reduce_mean(tf.square(y_true - y_pred)))


def poly_lr(step, base_lr=0.1, total=10000, power=0.9):
    return base_lr * (1 - step / total) ** power


def load_data():
    x = np.load("x.npy")
    y = np.load("y.npy")
    x = np.log1p(x)
    return x / x.std(axis=0), y


model = tf.keras.Sequential(
    [tf.keras.layers.Flatten(), tf.keras.layers.Dense(256, activation="relu"),
     tf.keras.layers.Dense(10)]
)
optimizer = tf.keras.optimizers.Adam(1e-3)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss = weighted_ce(tf.one_hot(y, 10), logits, tf.ones(10))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


@tf.function
def eval_step(x, y):
    logits = model(x, training=False)
    probs = tf.nn.softmax(logits)
    nll = -tf.reduce_mean(tf.math.log(tf.gather(probs, y, batch_dims=1)))
    acc = tf.reduce_mean(tf.cast(tf.argmax(logits, -1) == y, tf.float32))
    return nll, acc
