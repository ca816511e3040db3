"""Segmentation losses and a masked training step in Keras 3 (written for this corpus)."""

import keras
from keras import ops


def dice_loss(y_true, y_pred):
    inter = ops.sum(y_true * y_pred, axis=(1, 2))
    union = ops.sum(y_true, axis=(1, 2)) + ops.sum(y_pred, axis=(1, 2))
    return 1.0 - ops.mean(2.0 * inter / union)


def smooth_dice_loss(y_true, y_pred, smooth=1.0):
    inter = ops.sum(y_true * y_pred)
    return 1.0 - (2.0 * inter + smooth) / (ops.sum(y_true) + ops.sum(y_pred) + smooth)


def focal_loss(y_true, y_pred, gamma=2.0, alpha=0.25):
    p = ops.clip(y_pred, 1e-7, 1.0 - 1e-7)
    pt = ops.where(y_true == 1, p, 1 - p)
    return -ops.mean(alpha * ops.power(1 - pt, gamma) * ops.log(pt))


def masked_mse(y_true, y_pred, mask):
    err = ops.square(y_true - y_pred) * mask
    return ops.sum(err) / ops.sum(mask)


def weighted_bce(y_true, y_pred, pos_weight=3.0):
    probs = ops.sigmoid(y_pred)
    loss = -(pos_weight * y_true * ops.log(probs) + (1 - y_true) * ops.log(1 - probs))
    return ops.mean(loss)


def iou_metric(y_true, y_pred):
    inter = ops.sum(ops.cast(y_true * y_pred > 0.5, "float32"))
    union = ops.sum(ops.cast(y_true + y_pred > 0.5, "float32"))
    return inter / (union + 1e-6)


def tversky_loss(y_true, y_pred, alpha=0.7):
    tp = ops.sum(y_true * y_pred)
    fn = ops.sum(y_true * (1 - y_pred))
    fp = ops.sum((1 - y_true) * y_pred)
    return 1 - tp / (tp + alpha * fn + (1 - alpha) * fp)


def boundary_weights(y_true):
    edges = ops.abs(y_true[:, 1:, :] - y_true[:, :-1, :])
    return edges / ops.max(edges)


class SegModel(keras.Model):
    def train_step(self, data):
        x, y, mask = data
        import tensorflow as tf

        with tf.GradientTape() as tape:
            logits = self(x, training=True)
            per_pixel = keras.losses.binary_crossentropy(y, logits, from_logits=True)
            loss = ops.sum(per_pixel * mask) / ops.sum(mask)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return {"loss": loss}


def build(num_classes=2):
    inputs = keras.Input((128, 128, 3))
    x = keras.layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)
    outputs = keras.layers.Conv2D(num_classes, 1)(x)
    model = SegModel(inputs, outputs)
    model.compile(optimizer="adam", loss=dice_loss)
    return model
