"""A VAE training script in the style of user code (written for this corpus)."""

import torch
import torch.nn.functional as F
from torch import nn


class VAE(nn.Module):
    def __init__(self, d_in=784, d_hidden=400, d_latent=20):
        super().__init__()
        self.fc1 = nn.Linear(d_in, d_hidden)
        self.fc_mu = nn.Linear(d_hidden, d_latent)
        self.fc_logvar = nn.Linear(d_hidden, d_latent)
        self.fc3 = nn.Linear(d_latent, d_hidden)
        self.fc4 = nn.Linear(d_hidden, d_in)

    def encode(self, x):
        h = F.relu(self.fc1(x))
        return self.fc_mu(h), self.fc_logvar(h)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def decode(self, z):
        h = F.relu(self.fc3(z))
        return torch.sigmoid(self.fc4(h))

    def forward(self, x):
        mu, logvar = self.encode(x.view(-1, 784))
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar


def vae_loss(recon_x, x, mu, logvar):
    bce = -torch.sum(x * torch.log(recon_x) + (1 - x) * torch.log(1 - recon_x))
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld


def gaussian_nll(x, mean, log_scale):
    scale = torch.exp(log_scale)
    return 0.5 * ((x - mean) / scale) ** 2 + log_scale + 0.9189385


def beta_vae_loss(recon_x, x, mu, logvar, beta=4.0):
    rec = F.binary_cross_entropy(recon_x, x, reduction="sum")
    logvar = torch.clamp(logvar, -10.0, 10.0)
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return rec + beta * kld


def train(model, loader, optimizer, epochs=10):
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for x, _ in loader:
            optimizer.zero_grad()
            recon, mu, logvar = model(x)
            loss = vae_loss(recon, x, mu, logvar)
            loss.backward()
            optimizer.step()
            total += loss.item()
        print(f"epoch {epoch}: loss {total / len(loader.dataset):.4f}")


@torch.no_grad()
def evaluate(model, loader):
    model.eval()
    nll = 0.0
    for x, _ in loader:
        recon, mu, logvar = model(x)
        nll += vae_loss(recon, x, mu, logvar).item()
    perplexity = torch.exp(torch.tensor(nll / len(loader.dataset)))
    return nll, perplexity
