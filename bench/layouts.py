#!/usr/bin/python3
"""UMAP and t-SNE benchmark: embscope vs umap-learn and scikit-learn on the same GloVe rows.

    /usr/bin/python3 bench/layouts.py [--build build] [--rows 10000] [--reps 1] [--peers]

The first ROWS rows of resources/data/glove.6B.100d.top50k.txt.gz, unit-normalised (as in
issue 20's measurements). embscope: `embscope-cli project --normalize --method umap|tsne --dims
2|3` (its printed layout time: the k-NN graph, the fuzzy graph or P, and the optimisation; not
the file's loading). umap-learn: UMAP(n_components) with its defaults, JIT warmed by a small fit
first; scikit-learn: TSNE(perplexity=30, init="pca", learning_rate="auto"), Barnes-Hut. Each
layout's trustworthiness@15 is measured the same way for all: the exact formula of
sklearn.manifold.trustworthiness over 2,000 sampled rows (seed 0), each ranked against every row
(what embscope's trustworthiness() computes). Prints a Markdown table of medians.
"""
import argparse
import csv
import gzip
import os
import re
import statistics
import subprocess
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "resources", "data", "glove.6B.100d.top50k.txt.gz")


def read_rows(count):
    rows = []
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        for line in f:
            rows.append([float(v) for v in line.rstrip("\n").split(" ")[1:]])
            if len(rows) == count:
                break
    data = np.array(rows, dtype=np.float32)
    return data / np.linalg.norm(data, axis=1, keepdims=True)


def trustworthiness(data, layout, k=15, sample=2000, seed=0):
    """sklearn's trustworthiness, its sum over `sample` rows scaled to all n (cosine = Euclidean
    ranks on unit rows)."""
    n = data.shape[0]
    rows = np.sort(np.random.RandomState(seed).choice(n, size=min(sample, n), replace=False))
    total = 0.0
    for i in rows:
        original = np.argsort(-(data @ data[i]), kind="stable")
        original = original[original != i]
        rank = np.empty(n, dtype=np.int64)
        rank[original] = np.arange(1, n)
        embedded = ((layout - layout[i]) ** 2).sum(axis=1)
        embedded[i] = np.inf
        nearest = np.argpartition(embedded, k)[:k]
        total += np.maximum(rank[nearest] - k, 0).sum()
    total *= n / len(rows)
    return 1.0 - total * (2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0)))


def run_embscope(cli, rows, method, dims):
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "coords.csv")
        text = subprocess.run([cli, "project", DATA, "--limit", str(rows), "--normalize",
                               "--method", method, "--dims", str(dims), "-o", out],
                              check=True, capture_output=True, text=True).stdout
        seconds = float(re.search(r"laid out in ([0-9.]+) s", text).group(1))
        with open(out, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            next(reader)
            layout = np.array([[float(v) for v in row[-3:]] for row in reader])[:, :dims]
    return seconds, layout


def run_peer(data, method, dims):
    start = time.perf_counter()
    if method == "umap":
        import umap
        layout = umap.UMAP(n_components=dims).fit_transform(data)
    else:
        from sklearn.manifold import TSNE
        layout = TSNE(n_components=dims, perplexity=30, init="pca", learning_rate="auto",
                      random_state=0).fit_transform(data)
    return time.perf_counter() - start, layout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument("--peers", action="store_true", help="also run umap-learn and sklearn")
    parser.add_argument("--methods", default="umap,tsne")
    args = parser.parse_args()
    cli = os.path.join(args.build, "app", "embscope-cli")
    data = read_rows(args.rows)
    if args.peers and "umap" in args.methods:
        import umap
        umap.UMAP(n_components=2).fit_transform(data[:500])  # JIT warm-up
    print(f"{args.rows} GloVe rows (100d, unit-normalised); {os.cpu_count()} CPUs; "
          f"medians of {args.reps}\n")
    print("| layout | embscope s | trust@15 | peer | peer s | trust@15 | speed-up |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for method in args.methods.split(","):
        for dims in (2, 3):
            ours = [run_embscope(cli, args.rows, method, dims) for _ in range(args.reps)]
            seconds = statistics.median(t for t, _ in ours)
            trust = trustworthiness(data, ours[-1][1])
            peer_name = "umap-learn" if method == "umap" else "scikit-learn BH"
            if args.peers:
                theirs = [run_peer(data, method, dims) for _ in range(args.reps)]
                peer_seconds = statistics.median(t for t, _ in theirs)
                peer_trust = trustworthiness(data, theirs[-1][1])
                print(f"| {method} {dims}D | {seconds:.2f} | {trust:.3f} | {peer_name} | "
                      f"{peer_seconds:.1f} | {peer_trust:.3f} | {peer_seconds / seconds:.1f}x |",
                      flush=True)
            else:
                print(f"| {method} {dims}D | {seconds:.2f} | {trust:.3f} | - | - | - | - |",
                      flush=True)


if __name__ == "__main__":
    main()
