"""Train char-rnn's model with PyTorch's DistributedDataParallel on a corpus that
`char-rnn export-corpus` wrote, and write checkpoints that char-rnn and the extension read."""
__version__ = '0.1.0'
