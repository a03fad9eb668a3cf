"""The input-output inverses of benches/scenario.rs, in numpy.

Builds the same 1,435-sector table as the Rust benchmark (the same
xorshift generator and arithmetic, so the same matrix to the last bit),
then does what `IoTable::model` does: A = Z x^-1 and B = x^-1 Z, the
Leontief inverse (I - A)^-1 and the Ghosh inverse (I - B)^-1 with
numpy.linalg.inv (LAPACK getrf/getri through numpy's BLAS), each checked
to be finite and non-negative. Prints the median wall time of RUNS runs
in seconds, and the sum of the output multipliers as a checksum.

Usage: python leontief_numpy.py [SECTORS] [RUNS]
"""

import sys
import time

import numpy as np

MASK = (1 << 64) - 1


def io_table(n):
    state = 2026
    draws = np.empty(n * n)
    for k in range(n * n):
        state ^= (state << 13) & MASK
        state ^= state >> 7
        state ^= (state << 17) & MASK
        draws[k] = (state % 1000) / 1000.0
    # Column j holds draws j*n .. j*n+n-1, scaled to sum to 600.
    cols = draws.reshape(n, n)
    z = np.empty((n, n))
    for j in range(n):
        col = cols[j]
        s = 0.0
        for v in col:  # the Rust sum's left-to-right order
            s += v
        z[:, j] = col * 600.0 / s
    x = np.full(n, 1000.0)
    return z, x


def model(z, x):
    n = z.shape[0]
    eye = np.eye(n)
    a = z / x[np.newaxis, :]
    b = z / x[:, np.newaxis]
    out = []
    for m in (a, b):
        inv = np.linalg.inv(eye - m)
        if not np.isfinite(inv).all() or inv.min() < -1e-9:
            raise SystemExit("not productive")
        out.append(inv)
    return out


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1435
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    z, x = io_table(n)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        l, _g = model(z, x)
        times.append(time.perf_counter() - t)
    times.sort()
    print(f"{times[len(times) // 2]:.6f} {l.sum(axis=0).sum():.9f}")


if __name__ == "__main__":
    main()
