"""Multi-resolution STFT loss for a vocoder, as users write it (written for this corpus)."""

import torch
import torch.nn.functional as F
from torch import nn


def stft_magnitude(x, fft_size, hop, win):
    window = torch.hann_window(win, device=x.device)
    spec = torch.stft(x, fft_size, hop, win, window, return_complex=False)
    return spec.pow(2).sum(-1).pow(0.5)


def stft_magnitude_safe(x, fft_size, hop, win):
    window = torch.hann_window(win, device=x.device)
    spec = torch.stft(x, fft_size, hop, win, window, return_complex=True)
    return torch.clamp(spec.abs(), min=1e-7)


class SpectralConvergence(nn.Module):
    def forward(self, x_mag, y_mag):
        return torch.norm(y_mag - x_mag, p="fro") / torch.norm(y_mag, p="fro")


class LogMagnitudeLoss(nn.Module):
    def forward(self, x_mag, y_mag):
        return F.l1_loss(torch.log(y_mag), torch.log(x_mag))


class STFTLoss(nn.Module):
    def __init__(self, fft_size=1024, hop=120, win=600):
        super().__init__()
        self.fft_size, self.hop, self.win = fft_size, hop, win
        self.sc = SpectralConvergence()
        self.mag = LogMagnitudeLoss()

    def forward(self, x, y):
        x_mag = stft_magnitude(x, self.fft_size, self.hop, self.win)
        y_mag = stft_magnitude(y, self.fft_size, self.hop, self.win)
        return self.sc(x_mag, y_mag), self.mag(x_mag, y_mag)


def si_snr(est, ref, eps=1e-8):
    ref = ref - ref.mean(-1, keepdim=True)
    est = est - est.mean(-1, keepdim=True)
    proj = (est * ref).sum(-1, keepdim=True) * ref / (ref.pow(2).sum(-1, keepdim=True) + eps)
    noise = est - proj
    ratio = proj.pow(2).sum(-1) / (noise.pow(2).sum(-1) + eps)
    return 10 * torch.log10(ratio + eps)


def snr_loss(est, ref):
    noise = est - ref
    return -10 * torch.log10(ref.pow(2).sum(-1) / noise.pow(2).sum(-1))


def mel_loss(mel_fn, x, y):
    x_mel = torch.log(torch.clamp(mel_fn(x), min=1e-5))
    y_mel = torch.log(torch.clamp(mel_fn(y), min=1e-5))
    return F.l1_loss(x_mel, y_mel)


def feature_matching_loss(fmap_r, fmap_g):
    loss = 0
    for dr, dg in zip(fmap_r, fmap_g):
        for rl, gl in zip(dr, dg):
            loss += torch.mean(torch.abs(rl - gl))
    return loss * 2


def discriminator_loss(real_outputs, fake_outputs):
    loss = 0
    for dr, dg in zip(real_outputs, fake_outputs):
        loss += torch.mean((1 - dr) ** 2) + torch.mean(dg**2)
    return loss


def generator_adv_loss(fake_outputs):
    return sum(torch.mean((1 - dg) ** 2) for dg in fake_outputs)


def kl_posterior(z_p, logs_q, m_p, logs_p, z_mask):
    kl = logs_p - logs_q - 0.5
    kl += 0.5 * ((z_p - m_p) ** 2) * torch.exp(-2.0 * logs_p)
    return torch.sum(kl * z_mask) / torch.sum(z_mask)
