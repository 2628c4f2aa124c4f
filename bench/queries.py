#!/usr/bin/python3
"""Query benchmark: embscope vs gensim's KeyedVectors on the same file, side by side.

    /usr/bin/python3 bench/queries.py [--build build] [--file /tmp/embscope-bench/glove400k.bin]

One cosine top-10 query (a random word, excluded), one analogy (3CosAdd, top 10), and 1,000
queries: embscope batched (one matrix product per block of rows), gensim as 1,000 most_similar
calls (its API has no batch). gensim's vectors are normalised once before timing (fill_norms),
as embscope's unit copy is built before timing. Medians; prints a Markdown table.
"""
import argparse
import os
import random
import statistics
import subprocess
import time


def run_embscope(binary, path, hnsw=False):
    out = subprocess.run([binary, path] + (["--hnsw"] if hnsw else []), check=True,
                         capture_output=True, text=True).stdout
    return {k: float(v) for k, v in (line.split(": ") for line in out.strip().splitlines())}


def run_gensim(path, reps=20, batch=1000):
    from gensim.models import KeyedVectors
    import numpy
    kv = KeyedVectors.load_word2vec_format(path, binary=path.endswith(".bin"))
    kv.fill_norms()
    rng = random.Random(3)
    words = kv.index_to_key
    single, analogy = [], []
    for _ in range(reps):
        w = rng.choice(words)
        t0 = time.perf_counter()
        kv.most_similar(w, topn=10)
        single.append((time.perf_counter() - t0) * 1e3)
        a, b, c = rng.choice(words), rng.choice(words), rng.choice(words)
        t0 = time.perf_counter()
        kv.most_similar(positive=[b, c], negative=[a], topn=10)
        analogy.append((time.perf_counter() - t0) * 1e3)
    sample = [rng.choice(words) for _ in range(batch)]
    t0 = time.perf_counter()
    for w in sample:
        kv.most_similar(w, topn=10)
    batched = time.perf_counter() - t0
    blas = "unknown"
    try:
        config = numpy.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]["name"]
    except Exception:
        pass
    return {"single_ms": statistics.median(single), "analogy_ms": statistics.median(analogy),
            "batch_s": batched, "blas": blas}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--file", default="/tmp/embscope-bench/glove400k.bin")
    parser.add_argument("--hnsw-file", default="/tmp/embscope-bench/wink341k.txt",
                        help="real vectors for the HNSW build time and recall (made by vector_io.py)")
    args = parser.parse_args()
    ours = run_embscope(os.path.join(args.build, "bench", "queries"), args.file)
    try:
        theirs = run_gensim(args.file)
    except ImportError:
        theirs = None
    print(f"{args.file}; {os.cpu_count()} CPUs" + (f"; numpy BLAS: {theirs['blas']}" if theirs else ""))
    print()
    print("| measure | embscope | gensim | gensim / embscope |")
    print("| --- | --- | --- | --- |")
    for key, label in [("single_ms", "one cosine top-10 query, ms"), ("analogy_ms", "one analogy, ms"),
                       ("batch_s", "1,000 queries, s")]:
        if theirs:
            print(f"| {label} | {ours[key]:.3f} | {theirs[key]:.3f} | {theirs[key] / ours[key]:.1f}x |")
        else:
            print(f"| {label} | {ours[key]:.3f} | not installed | |")
    print(f"\nembscope builds its unit-normalised copy in {ours['index_s']:.3f} s once per data set.")
    approximate = run_embscope(os.path.join(args.build, "bench", "queries"), args.hnsw_file, hnsw=True)
    if "hnsw_build_s" in approximate:
        ours = approximate
        print(f"\nHNSW on {args.hnsw_file}: "
              f"exact cosine query {ours['single_ms']:.3f} ms there.")
        print(f"HNSW (M 16, ef_construction 200, ef 200, exact re-ranking): built in "
              f"{ours['hnsw_build_s']:.1f} s on all cores, one query {ours['hnsw_query_ms']:.3f} ms, "
              f"recall@10 {ours['hnsw_recall_at_10']:.4f} against the exact search (200 queries).")


if __name__ == "__main__":
    main()
