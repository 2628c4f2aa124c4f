#!/usr/bin/python3
"""Runs bench/embedding_step (embscope) and the same step in PyTorch, side by side.

    /usr/bin/python3 bench/embedding_step.py [--build build] [--reps 30]

The step: lookup of 4,096 random rows of a 400,000 x 300 table, backward of a constant
gradient (sparse), SGD step (lr 0.01), zero_grad. Medians of --reps repetitions after 3
warm-ups. Prints a Markdown table for docs/BENCHMARKS.md.
"""
import argparse
import os
import statistics
import subprocess
import time


def run_embscope(binary, rows, dim, batch, reps):
    out = subprocess.run([binary, "--rows", str(rows), "--dim", str(dim), "--batch", str(batch),
                          "--reps", str(reps)], check=True, capture_output=True, text=True).stdout
    return {k: float(v) for k, v in (line.split(": ") for line in out.strip().splitlines())}


def run_torch(rows, dim, batch, reps):
    import torch
    torch.manual_seed(0)
    start = time.perf_counter()
    table = torch.nn.Embedding(rows, dim, sparse=True)
    init_s = time.perf_counter() - start
    sgd = torch.optim.SGD(table.parameters(), lr=0.01)
    grad_output = torch.full((batch, dim), 0.001)
    generator = torch.Generator().manual_seed(1)
    forward, backward, step, total = [], [], [], []
    for rep in range(reps + 3):
        indices = torch.randint(0, rows, (batch,), generator=generator)
        t0 = time.perf_counter()
        out = table(indices)
        t1 = time.perf_counter()
        out.backward(grad_output)
        t2 = time.perf_counter()
        sgd.step()
        sgd.zero_grad()
        t3 = time.perf_counter()
        if rep >= 3:
            forward.append((t1 - t0) * 1e3)
            backward.append((t2 - t1) * 1e3)
            step.append((t3 - t2) * 1e3)
            total.append((t3 - t0) * 1e3)
    med = statistics.median
    return {"init_s": init_s, "forward_ms": med(forward), "backward_ms": med(backward),
            "sgd_step_ms": med(step), "total_ms": med(total),
            "threads": torch.get_num_threads(), "version": torch.__version__}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--rows", type=int, default=400000)
    parser.add_argument("--dim", type=int, default=300)
    parser.add_argument("--batch", type=int, default=4096)
    parser.add_argument("--reps", type=int, default=30)
    args = parser.parse_args()
    binary = os.path.join(args.build, "bench", "embedding_step")
    ours = run_embscope(binary, args.rows, args.dim, args.batch, args.reps)
    try:
        theirs = run_torch(args.rows, args.dim, args.batch, args.reps)
    except ImportError:
        theirs = None
    print(f"{args.rows} x {args.dim} table, batch {args.batch}, medians of {args.reps}; "
          f"{os.cpu_count()} CPUs" +
          (f"; torch {theirs['version']} with {theirs['threads']} threads" if theirs else ""))
    print()
    print("| measure | embscope | PyTorch | PyTorch / embscope |")
    print("| --- | --- | --- | --- |")
    for key, label in [("init_s", "init N(0,1), s"), ("forward_ms", "lookup, ms"),
                       ("backward_ms", "backward (sparse), ms"), ("sgd_step_ms", "SGD step + zero_grad, ms"),
                       ("total_ms", "whole step, ms")]:
        if theirs:
            print(f"| {label} | {ours[key]:.3f} | {theirs[key]:.3f} | {theirs[key] / ours[key]:.2f}x |")
        else:
            print(f"| {label} | {ours[key]:.3f} | not installed | |")


if __name__ == "__main__":
    main()
