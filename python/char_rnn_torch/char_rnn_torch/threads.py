"""Compute threads per process, for every math library PyTorch may use.

torch.set_num_threads governs ATen's OpenMP pool and MKL, but not OpenBLAS, whose own pthread
pool Debian's python3-torch uses for every matrix product. Left alone, that pool starts one
thread per core in each process: a "1-thread" process then keeps two cores busy, and two
processes fight over them (measured: 15.6k chars/s with 1.9 cores busy against 12.0k with one).
"""
import ctypes

import torch


def _openblas_libraries():
    """the OpenBLAS libraries mapped into this process (Linux), each once"""
    try:
        with open('/proc/self/maps', encoding='utf-8') as maps:
            paths = {line.split()[-1] for line in maps if 'openblas' in line and '/' in line}
    except OSError:
        return []
    libs = []
    for path in sorted(paths):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        if hasattr(lib, 'openblas_set_num_threads') and hasattr(lib, 'openblas_get_num_threads'):
            libs.append(lib)
    return libs


def set_threads(n):
    """n compute threads in this process: ATen's pool and OpenBLAS's, when PyTorch uses it"""
    torch.set_num_threads(n)
    for lib in _openblas_libraries():
        lib.openblas_set_num_threads(n)


def blas_threads():
    """OpenBLAS's thread count, or None when PyTorch uses another BLAS"""
    libs = _openblas_libraries()
    return libs[0].openblas_get_num_threads() if libs else None
