"""Metric-learning losses as users write them in TensorFlow (written for this corpus)."""

import tensorflow as tf


def pairwise_distance(embeddings):
    dot = tf.matmul(embeddings, embeddings, transpose_b=True)
    sq = tf.linalg.diag_part(dot)
    d2 = tf.expand_dims(sq, 0) - 2.0 * dot + tf.expand_dims(sq, 1)
    d2 = tf.maximum(d2, 0.0)
    return tf.sqrt(d2)


def triplet_loss(anchor, positive, negative, margin=0.2):
    d_pos = tf.sqrt(tf.reduce_sum(tf.square(anchor - positive), axis=-1))
    d_neg = tf.sqrt(tf.reduce_sum(tf.square(anchor - negative), axis=-1) + 1e-12)
    return tf.reduce_mean(tf.maximum(d_pos - d_neg + margin, 0.0))


def contrastive_loss(y_true, d, margin=1.0):
    y_true = tf.cast(y_true, d.dtype)
    return tf.reduce_mean(y_true * tf.square(d) + (1 - y_true) * tf.square(tf.maximum(margin - d, 0)))


def cosine_similarity_loss(a, b):
    cos = tf.reduce_sum(a * b, axis=-1) / (tf.norm(a, axis=-1) * tf.norm(b, axis=-1))
    return 1.0 - tf.reduce_mean(cos)


def angular_loss(a, b):
    a = tf.math.l2_normalize(a, axis=-1)
    b = tf.math.l2_normalize(b, axis=-1)
    cos = tf.reduce_sum(a * b, axis=-1)
    return tf.reduce_mean(tf.acos(cos))


def center_loss(features, labels, centers):
    picked = tf.gather(centers, labels)
    return tf.reduce_mean(tf.norm(features - picked, axis=-1))


def npair_loss(anchor, positive, temperature):
    logits = tf.matmul(anchor, positive, transpose_b=True) / temperature
    labels = tf.range(tf.shape(anchor)[0])
    return tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    )


class EmbeddingModel(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = tf.keras.layers.Dense(128)

    def call(self, x):
        e = self.dense(x)
        return e / tf.norm(e, axis=-1, keepdims=True)


@tf.function
def train_step(model, optimizer, a, p, n):
    with tf.GradientTape() as tape:
        loss = triplet_loss(model(a), model(p), model(n))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
