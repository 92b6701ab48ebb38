"""`torchrun`, the same flags, for PyTorch 1.13 on Python 3.11 (Debian 12's python3-torch):

    python3 -m char_rnn_torch.torchrun --nproc_per_node=N -m char_rnn_torch.train DIR --out F

There, torchrun itself fails before starting a worker ("AttributeError: 'NoneType' object has
no attribute 'get'"): its Std.from_str finds a flag value by iterating the IntFlag, and Python
3.11 no longer iterates the zero and multi-bit members (python/cpython#98976), so the default
"0" becomes None. PyTorch 2.0 fixed it (pytorch/pytorch#92319); this module gives from_str the
fixed behaviour and runs torch.distributed.run, and is a plain torchrun everywhere else.
"""
import re

from torch.distributed.elastic.multiprocessing import api


def _from_str(cls, vm):
    """"0".."3" -> Std(v); "i:v,..." -> {i: Std(v)}"""
    if re.match(api._VALUE_REGEX, vm):
        return cls(int(vm))
    if re.match(api._MAPPING_REGEX, vm):
        return {int(i): cls(int(v)) for i, v in (m.split(':') for m in vm.split(','))}
    raise ValueError(f'{vm} does not match: <{api._VALUE_REGEX}> or <{api._MAPPING_REGEX}>')


if api.Std.from_str('0') is None:
    api.Std.from_str = classmethod(_from_str)

if __name__ == '__main__':
    from torch.distributed.run import main
    main()
