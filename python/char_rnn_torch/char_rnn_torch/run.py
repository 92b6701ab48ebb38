"""Truncated BPTT over B streams, as src/core/train.ts's Trainer, shared by W processes.

The training text (N characters) is cut into B equal segments; stream b reads segment b, T
characters a step, and carries its hidden state from window to window; the state resets at each
pass over the data. B is the run's whole batch: rank r owns streams [B r / W, B (r+1) / W) and
reads only their characters. Each rank's loss is its summed cross-entropy / (B T) times W, and
DDP averages gradients over the W ranks, so every rank holds the gradient of the mean loss over
all B T characters: the step of one process with B streams, whatever W is.
"""
import math

import torch
import torch.distributed as dist
import torch.nn.functional as F

from .checkpoint import OPTIMIZER_STATE, load_optimizer_state
from .corpus import ids
from .model import CharRNN, state_blocks, state_from_blocks

OPTIMIZERS = {  # PyTorch's update rules, which src/core/optim.ts implements
    'sgd': lambda params, lr: torch.optim.SGD(params, lr=lr),
    'adagrad': lambda params, lr: torch.optim.Adagrad(params, lr=lr, eps=1e-10),
    'rmsprop': lambda params, lr: torch.optim.RMSprop(params, lr=lr, alpha=0.99, eps=1e-8),
    'adam': lambda params, lr: torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-8),
}


def fit_streams(n, seq, batch):
    """Trainer's rule: B streams of at least one window each in n characters -> (T, B, notes)"""
    T, B, notes = seq, batch, []
    if T > n - 1:
        T = n - 1
        notes.append(f'window reduced to {T}: the corpus has {n} characters')
    if B * T > n - 1:
        B = max(1, (n - 1) // T)
        notes.append(f'batch reduced to {B} streams to fit the corpus')
    return T, B, notes


class Run:
    def __init__(self, corpus, model_cfg, cfg, world=1, rank=0, device='cpu', resume=None):
        saved = resume.run if resume else None
        self.cfg, self.model_cfg, self.world, self.rank, self.device = cfg, model_cfg, world, rank, device
        n = corpus.train_length
        if n < 2:
            raise ValueError('the corpus is too small: it needs at least 2 characters')
        self.T, self.B, self.notes = fit_streams(n, saved['seq'] if saved else cfg['seq'], saved['batch'] if saved else cfg['batch'])
        if self.B < world:
            raise ValueError(f'{self.B} streams cannot be shared by {world} processes: train with --batch {world} or more, or fewer processes')
        self.segment = (n - 1) // self.B
        self.lo, self.hi = self.B * rank // world, self.B * (rank + 1) // world
        b = self.hi - self.lo
        # this rank's streams: characters [lo * segment, hi * segment], the last one a target only
        self.data = corpus.train_slice(self.lo * self.segment, b * self.segment + 1)
        self.starts = torch.arange(b) * self.segment  # [b], where each stream begins in data

        self.model = CharRNN(model_cfg['cell'], model_cfg['layers'], model_cfg['hidden'], len(corpus.vocab), model_cfg['dropout'])
        if resume:
            resume.load_into(self.model)
        else:
            self.model.init_params(cfg['seed'])
        self.model.to(device)
        self.params = list(self.model.parameters())
        self.opt = OPTIMIZERS[cfg['optimizer']](self.params, cfg['lr'])
        self.step = self.epoch = self.pos = self.chars_seen = 0
        self.elapsed_before_ms, self.smooth_loss, self.rng = 0.0, math.nan, cfg['seed']
        self.state = self.model.zero_state(b, device)
        if saved:
            self._resume(resume, saved)
        self.net = self.model
        if world > 1:
            ids_ = [torch.device(device).index] if torch.device(device).type == 'cuda' else None
            self.net = torch.nn.parallel.DistributedDataParallel(self.model, device_ids=ids_)

    def _resume(self, ck, saved):
        self.step, self.epoch, self.pos = saved['step'], saved['epoch'], saved['pos']
        self.chars_seen, self.elapsed_before_ms = saved['charsSeen'], saved['elapsedMs']
        self.smooth_loss = math.nan if saved['smoothLoss'] is None else saved['smoothLoss']
        self.rng = saved.get('rng', self.rng)
        name = self.cfg['optimizer']
        if OPTIMIZER_STATE[name]:
            # one step with zero gradients makes torch create the state (no update: every rule is 0 at g = 0)
            for p in self.params:
                p.grad = torch.zeros_like(p)
            self.opt.step()
            load_optimizer_state(self.model, self.opt, name, ck.optim, self.step)
            self.opt.zero_grad(set_to_none=True)
        hidden = ck.optim.get('optim.hidden')
        k = 2 if self.model.cell == 'lstm' else 1
        if hidden is not None and hidden.numel() == self.model.layers * k * self.B * self.model.hidden:
            blocks = hidden.view(self.model.layers, k, self.B, self.model.hidden)[:, :, self.lo:self.hi]
            self.state = state_from_blocks(self.model, blocks.to(self.device).contiguous())

    @property
    def lr(self):
        # lr decay^floor(step / lrDecayEvery), from the step count before this step
        return self.cfg['lr'] * self.cfg['lrDecay'] ** (self.step // self.cfg['lrDecayEvery'])

    def train_step(self):
        """One window in every stream: forward, backward (averaged over ranks by DDP), clip, update.
        Returns (this rank's summed nats, gradient norm before clipping, clipped, learning rate)."""
        T = self.T
        if self.pos + T > self.segment:
            self.pos, self.epoch = 0, self.epoch + 1
        if self.pos == 0:
            self.state = self.model.zero_state(self.hi - self.lo, self.device)
        # q [T, b]: positions of the window's inputs in this rank's data; targets are q + 1
        q = self.starts.unsqueeze(0) + self.pos + torch.arange(T).unsqueeze(1)
        x, y = ids(self.data[q]).to(self.device), ids(self.data[q + 1]).to(self.device)
        if self.model_cfg['dropout'] > 0:
            # dropout masks from (seed, rank, step), so a resumed run draws the same ones
            torch.manual_seed((self.cfg['seed'] * 1_000_003 + self.rank * 7919 + self.step) % 2 ** 63)
        logits, state = self.net(x, self.state)
        nats = F.cross_entropy(logits.reshape(-1, self.model.vocab_size), y.reshape(-1), reduction='sum')
        self.opt.zero_grad(set_to_none=True)
        # DDP divides the summed gradients by W: each rank's share of the mean over B*T characters, times W
        (nats * (self.world / (self.B * T))).backward()
        self.state = tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()
        clip, clip_value = self.cfg['clip'], self.cfg['clipValue']
        # clip_grad_norm_: g *= clip / (||g|| + 1e-6) when that is below 1; it returns ||g|| before
        norm = float(torch.nn.utils.clip_grad_norm_(self.params, clip if clip > 0 else math.inf))
        if clip_value > 0:
            torch.nn.utils.clip_grad_value_(self.params, clip_value)
        lr = self.lr
        for group in self.opt.param_groups:
            group['lr'] = lr
        self.step += 1
        self.opt.step()
        self.pos += T
        self.chars_seen += self.B * T
        return nats.detach(), norm, clip > 0 and norm > clip, lr

    def gathered_state(self):
        """Every stream's carried state in Net.saveState's layout (a collective: all ranks call it)."""
        blocks = state_blocks(self.model, self.state)  # [layers, k, b, H]
        if self.world == 1:
            return blocks.reshape(-1).cpu()
        most = -(-self.B // self.world)  # the largest share, ceil(B / W)
        padded = torch.zeros(blocks.shape[0], blocks.shape[1], most, blocks.shape[3], device=blocks.device, dtype=blocks.dtype)
        padded[:, :, :blocks.shape[2]] = blocks
        parts = [torch.empty_like(padded) for _ in range(self.world)]
        dist.all_gather(parts, padded)
        sizes = [self.B * (r + 1) // self.world - self.B * r // self.world for r in range(self.world)]
        return torch.cat([p[:, :, :s] for p, s in zip(parts, sizes)], 2).reshape(-1).cpu()
