"""The multi-region Leontief solve of benches/mrio_scale.rs, in numpy.

Reads the Z and y that mrio_scale.rs wrote (raw little-endian float64,
row by row), then does what it times: x = Z 1 + y, A = Z x^-1, and
x = (I - A)^-1 y with numpy.linalg.solve (LAPACK gesv through numpy's
OpenBLAS, every core). Prints `median_seconds checksum`.

Usage: python mrio_numpy.py N DIR [RUNS]
"""

import sys
import time

import numpy as np


def main():
    n = int(sys.argv[1])
    d = sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    z = np.fromfile(f"{d}/z_{n}.f64", dtype="<f8").reshape(n, n)
    y = np.fromfile(f"{d}/y_{n}.f64", dtype="<f8")
    x = z.sum(axis=1) + y
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        m = -z / x[np.newaxis, :]
        m[np.diag_indices(n)] += 1.0
        out = np.linalg.solve(m, y)
        times.append(time.perf_counter() - t)
        del m
    times.sort()
    print(f"{times[len(times) // 2]:.6f} {out.sum():.6e}")


if __name__ == "__main__":
    main()
