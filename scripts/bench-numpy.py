#!/usr/bin/python3
"""The numpy peers of quant's benchmarks, written as the seed notebooks write them.

Each work runs in a fresh interpreter (so that its peak RSS is its own) on the same raw float32 file the
JMH benchmarks read (seed 002 keeps its weights that way), and prints one line per work:

    work<TAB>median milliseconds<TAB>peak RSS in kB

Usage: bench-numpy.py --data weights-f32-23851520.bin [--runs 21] [--only WORK,...]
The timings are medians of --runs calls after one warm-up call. numpy runs single-threaded here, as the
seeds' numpy does (elementwise ufuncs do not use threads; matmul of int64 does not use BLAS).
"""

import argparse
import resource
import subprocess
import sys
import time

import numpy as np

ROWS = 2560


# ---- the seeds' helpers, as written in seeds 003/004 (clamp writes into its argument) and 000

def clamp(params_q, lower_bound, upper_bound):
    params_q[params_q < lower_bound] = lower_bound
    params_q[params_q > upper_bound] = upper_bound
    return params_q


def affine_params(x, bits):
    # seed 004's asymmetric_quantization, with the range widened to hold 0 as quant does
    alpha = max(np.max(x), 0)
    beta = min(np.min(x), 0)
    scale = (alpha - beta) / (2 ** bits - 1)
    zero = -1 * np.round(beta / scale)
    return scale, zero


def symmetric_params(x, bits, axis=None):
    # per tensor, or per index along axis of the 2-d x (kept broadcastable against x)
    reduce_axis = None if axis is None else 1 - axis
    alpha = np.max(np.abs(x), axis=reduce_axis, keepdims=axis is not None)
    return alpha / (2 ** (bits - 1) - 1)


def quantize_affine(x, scale, zero, bits):
    return clamp(np.round(x / scale + zero), 0, 2 ** bits - 1).astype(np.int32)


def quantize_symmetric(x, scale, bits):
    return clamp(np.round(x / scale), -2 ** (bits - 1), 2 ** (bits - 1) - 1).astype(np.int32)


def dequantize_affine(q, scale, zero):
    # seed 003's affine_dequantize
    q = q.astype(np.int32)
    return ((q - zero) * scale).astype(np.float32)


def q_matmul(a, za, b, zb):
    # seed 000's q_matmul: int64 matmul, then the zero-point terms
    acc = np.matmul(a.astype(np.int64), b.astype(np.int64))
    return (acc - a.sum(axis=-1, keepdims=True, dtype=np.int64) * zb
            - b.sum(axis=-2, keepdims=True, dtype=np.int64) * za + za * zb * a.shape[-1])


def requantize(acc, acc_scale, y_scale, y_zero_point, bits=8):
    # seed 000's requantize on unsigned codes
    dequant = (acc * acc_scale).astype(np.float32)
    return np.clip(np.rint(y_zero_point + 1 / y_scale * dequant), 0, 2 ** bits - 1).astype(np.int64)


def codes(n, seed, dtype):
    return np.random.default_rng(seed).integers(np.iinfo(dtype).min, np.iinfo(dtype).max + 1, n).astype(dtype)


# ---- the works, named as in the Java table

def works(data_path):
    def weights():
        return np.fromfile(data_path, dtype='<f4')

    def quantize(bits, symmetric, axis=None):
        def setup():
            x = weights()
            if axis is not None:
                x = x.reshape(ROWS, -1) if axis == 0 else x.reshape(-1, ROWS)
            if symmetric:
                scale = symmetric_params(x, bits, axis)
                return lambda: quantize_symmetric(x, scale, bits)
            scale, zero = affine_params(x, bits)
            return lambda: quantize_affine(x, scale, zero, bits)
        return setup

    def quantize_f64():
        x = weights().astype(np.float64)
        scale, zero = affine_params(x, 8)
        return lambda: quantize_affine(x, scale, zero, 8)

    def dequantize(bits, symmetric, axis=None):
        def setup():
            x = weights()
            if axis is not None:
                x = x.reshape(ROWS, -1) if axis == 0 else x.reshape(-1, ROWS)
            if symmetric:
                scale = symmetric_params(x, bits, axis)
                q = quantize_symmetric(x, scale, bits).astype(np.int8)
                return lambda: dequantize_affine(q, scale, 0)
            scale, zero = affine_params(x, bits)
            q = quantize_affine(x, scale, zero, bits).astype(np.uint8)
            return lambda: dequantize_affine(q, scale, zero)
        return setup

    def minmax():
        x = weights()
        return lambda: (np.min(x), np.max(x))

    def percentile():
        # seed 004: two calls, on the data as loaded
        x = weights()
        return lambda: (np.percentile(x, 100 - 99.99), np.percentile(x, 99.99))

    def matmul(shape, unsigned_a):
        def setup():
            m, k, n = (int(v) for v in shape.split('x'))
            a = codes(m * k, 1, np.uint8 if unsigned_a else np.int8).reshape(m, k)
            b = codes(k * n, 2, np.int8).reshape(k, n)
            za = 128 if unsigned_a else 3
            return lambda: q_matmul(a, za, b, 0)
        return setup

    def requant(shape):
        def setup():
            m, k, n = (int(v) for v in shape.split('x'))
            acc = np.round(np.random.default_rng(3).standard_normal(m * n) * np.sqrt(k) * 74 * 74).astype(np.int32)
            acc = acc.reshape(m, n)
            y_scale = 0.02 * 0.004 * np.sqrt(k) * 74 * 74 / 40
            return lambda: requantize(acc, 0.02 * 0.004, y_scale, 128)
        return setup

    table = {
        'quantize-uint8': quantize(8, False),
        'quantize-int8': quantize(8, True),
        'quantize-uint4': quantize(4, False),
        'quantize-int8-rows': quantize(8, True, 0),
        'quantize-int8-columns': quantize(8, True, 1),
        'quantize-uint8-float64': quantize_f64,
        'dequantize-uint8': dequantize(8, False),
        'dequantize-int8': dequantize(8, True),
        'dequantize-uint4': dequantize(4, False),
        'dequantize-int8-rows': dequantize(8, True, 0),
        'dequantize-int8-columns': dequantize(8, True, 1),
        'calibrate-minmax': minmax,
        'calibrate-percentile': percentile,
        'requantize-1024x1024x1024': requant('1024x1024x1024'),
        'requantize-64x1024x4096': requant('64x1024x4096'),
    }
    for shape in ('1024x1024x1024', '64x1024x4096', '1x1024x4096'):
        table['matmul-u8s8-' + shape] = matmul(shape, True)
        table['matmul-s8s8-' + shape] = matmul(shape, False)
    return table


def run_one(data_path, name, runs):
    call = works(data_path)[name]()
    call()
    times = []
    # the 1024^3 int64 matmul takes seconds: fewer runs there
    budget = 60.0
    started = time.perf_counter()
    for _ in range(runs):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
        if time.perf_counter() - started > budget and len(times) >= 3:
            break
    median = float(np.median(times)) * 1000
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f'{name}\t{median:.4f}\t{peak}', flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--data', required=True, help='raw little-endian float32 file (23,851,520 values)')
    parser.add_argument('--runs', type=int, default=21)
    parser.add_argument('--only', help='comma-separated works (default: all)')
    parser.add_argument('--one', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.data, args.one, args.runs)
        return
    names = list(works(args.data))
    if args.only:
        wanted = args.only.split(',')
        unknown = [w for w in wanted if w not in names]
        if unknown:
            sys.exit(f'unknown work(s) {", ".join(unknown)}; known: {", ".join(names)}')
        names = wanted
    for name in names:
        # a fresh interpreter per work: its peak RSS is that work's
        subprocess.run([sys.executable, __file__, '--data', args.data, '--runs', str(args.runs), '--one', name],
                       check=True)


if __name__ == '__main__':
    main()
