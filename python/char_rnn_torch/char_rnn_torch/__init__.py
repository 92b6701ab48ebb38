"""Train char-rnn's model with PyTorch's DistributedDataParallel on a corpus that
`char-rnn export-corpus` wrote, and write checkpoints that char-rnn and the extension read."""
import os

# Before PyTorch loads OpenMP: its idle threads sleep instead of spinning, so they leave the cores
# to OpenBLAS's threads between operations (one process with 2 threads on 2 cores, LSTM 2x256:
# 4.9k chars/s spinning, 15.6k sleeping). A user's own setting wins.
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

__version__ = '0.1.0'
