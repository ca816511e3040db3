"""Known bug: a fractional power of a sum of squares that can be 0 (silent frames)."""

import tensorflow as tf
import torch


def magnitude(x, n_fft=512):
    stft = torch.stft(x, n_fft, return_complex=False)
    return stft.pow(2).sum(-1).pow(0.5)  # expect: NG109


def magnitude_method(stft):
    return stft.pow(2).sum(-1).pow(0.5)  # expect: NG109


def magnitude_root(stft):
    return torch.sqrt(stft.pow(2).sum(-1))  # expect: NG102


def rms(e):
    return tf.reduce_mean(tf.square(e)) ** 0.5  # expect: NG109


def spectral_norm(real, imag):
    return tf.sqrt(tf.square(real) + tf.square(imag))  # expect: NG102
