#!/usr/bin/python3
"""PCA benchmark: embscope vs scikit-learn on the same 400,000 x 300 matrix, side by side.

    /usr/bin/python3 bench/pca.py [--build build] [--npy /tmp/embscope-bench/glove400k.npy]

embscope: bench/pca (exact, randomized and auto solvers for the top 3 components; refit + frame
alignment of 50,000 x 100 as a training frame needs). scikit-learn: PCA(3) with
svd_solver="randomized" and "full" (LAPACK), and the covariance + eigh route with numpy.
Prints a Markdown table (medians).
"""
import argparse
import os
import statistics
import subprocess
import time


def run_embscope(binary, path):
    out = subprocess.run([binary, path], check=True, capture_output=True, text=True).stdout
    return {k: float(v) for k, v in (line.split(": ") for line in out.strip().splitlines())}


def timed(function, reps):
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_sklearn(path):
    import numpy as np
    from sklearn.decomposition import PCA
    data = np.load(path)
    results = {}
    results["randomized"] = timed(lambda: PCA(3, svd_solver="randomized", random_state=0).fit(data), 3)
    results["full"] = timed(lambda: PCA(3, svd_solver="full").fit(data), 1)

    def covariance_eigh():
        centred = data - data.mean(axis=0)
        values, vectors = np.linalg.eigh(centred.T @ centred / (len(data) - 1))
        return vectors[:, -3:]
    results["eigh"] = timed(covariance_eigh, 3)
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--npy", default="/tmp/embscope-bench/glove400k.npy")
    args = parser.parse_args()
    ours = run_embscope(os.path.join(args.build, "bench", "pca"), args.npy)
    try:
        theirs = run_sklearn(args.npy)
    except ImportError:
        theirs = None
    print(f"{args.npy}; {os.cpu_count()} CPUs\n")
    print("| top-3 PCA of 400k x 300 | seconds | x embscope auto |")
    print("| --- | --- | --- |")
    auto = ours["top3_auto_s"]
    rows = [("embscope auto", auto), ("embscope randomized "
             f"({int(ours['randomized_iterations'])} passes)", ours["top3_randomized_s"]),
            ("embscope exact (covariance + eigen)", ours["top3_exact_s"])]
    if theirs:
        rows += [("scikit-learn randomized", theirs["randomized"]), ("scikit-learn full", theirs["full"]),
                 ("numpy covariance + eigh", theirs["eigh"])]
    for label, seconds in rows:
        print(f"| {label} | {seconds:.3f} | {seconds / auto:.1f}x |")
    print(f"\nRefit + Procrustes alignment of 50,000 x 100 (a training frame): "
          f"{ours['refit_align_50k_ms']:.1f} ms (median of 20).")


if __name__ == "__main__":
    main()
