#!/usr/bin/python3
"""Writes the bad-input corpus beside this script: files that every reader must refuse with a
clear error (file, line or byte offset, what was expected), never a crash, never silently wrong
data, and never an allocation the file cannot back. EXPECTED.tsv (written by hand) pairs each
file with the text its error must contain; tests/core/vectors/test_bad_inputs.cpp and the CLI/GUI tests
read it.

    /usr/bin/python3 tests/data/bad/make_bad_inputs.py
"""
import gzip
import json
import os
import random
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def gzip_bytes(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def main():
    write("short_row.txt", "cat 0.1 0.2 0.3\ndog 0.4 0.5\n")
    write("long_row.txt", "cat 0.1 0.2 0.3\ndog 0.4 0.5 0.6 0.7\n")
    write("not_a_number.txt", "cat 0.1 0.2 0.3\ndog 0.4 x0.5 0.6\n")
    write("nan_value.txt", "cat 0.1 0.2 0.3\ndog 0.4 nan 0.6\n")
    write("inf_value.txt", "cat 0.1 0.2 0.3\ndog 0.4 -inf 0.6\n")
    write("float_overflow.txt", "cat 0.1 0.2 0.3\ndog 0.4 3e38 1e39\n")
    write("empty.txt", b"")
    write("only_blank_lines.txt", "\n \n\t\n")
    write("word_without_values.txt", "cat\ndog\n")
    write("header_more_rows.txt", "3 2\ncat 0.1 0.2\ndog 0.3 0.4\n")
    write("header_fewer_rows.txt", "1 2\ncat 0.1 0.2\ndog 0.3 0.4\n")
    write("header_wrong_dim.txt", "2 3\ncat 0.1 0.2\ndog 0.3 0.4\n")
    write("prose.txt", "This is a README.\nIt has words, but no numbers at all in it.\n")
    random.seed(7)
    write("garbage.bin", bytes(random.getrandbits(8) for _ in range(4096)))
    # word2vec binary: 2 rows of 4 floats declared, the second cut in the middle.
    row = lambda word, values: word.encode() + b" " + struct.pack("<4f", *values) + b"\n"
    write("truncated.bin", b"2 4\n" + row("cat", [1, 2, 3, 4]) + row("dog", [5, 6, 7, 8])[:9])
    # A header that declares ~1.2 TB of vectors in a file of a few bytes: refused before allocating.
    write("huge_declared_count.bin", b"1000000000 300\n" + row("cat", [1, 2, 3, 4]))
    write("huge_declared_count.txt", "1000000000 300\ncat 0.1 0.2 0.3\n")
    write("negative_header.txt", "-5 3\ncat 0.1 0.2 0.3\n")
    # A first line of ten million values, then a normal row: a mismatch reported on line 2
    # (compressed: about 20 MB of text).
    line = "w" + " 0" * 10_000_000 + "\n"
    write("ten_million_columns.txt.gz", gzip_bytes((line + "x 1 2 3\n").encode()))
    rows = "".join(f"w{i} {random.random():.6f} {random.random():.6f} {random.random():.6f}\n"
                   for i in range(3000))
    write("truncated.txt.gz", gzip_bytes(rows.encode())[:5000])
    # .npy whose header declares a shape far larger than the file.
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000, 300), }"
    header += " " * (63 - len(header) % 64) + "\n"
    write("huge_shape.npy", b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() +
          b"\x00" * 64)
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
    header += " " * (63 - len(header) % 64) + "\n"
    write("truncated.npy", b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() +
          struct.pack("<4f", 1, 2, 3, 4))
    # safetensors: tensor bytes beyond the file; a header that is not JSON; a header length
    # larger than the file.
    meta = json.dumps({"weight": {"dtype": "F32", "shape": [1000, 100], "data_offsets": [0, 400000]}})
    write("safetensors_beyond_file.safetensors", struct.pack("<Q", len(meta)) + meta.encode() + b"\x00" * 64)
    write("safetensors_bad_json.safetensors", struct.pack("<Q", 12) + b"{not json!!}" + b"\x00" * 16)
    write("safetensors_huge_header.safetensors", struct.pack("<Q", 1 << 40) + b"{}")
    # Found by fuzzing (./fuzz.sh): a header declaring a dimension no row of the file can hold
    # (the matrix was sized from it), and matrices of 0 columns (the size check passed for any
    # row count, and naming the rows allocated without bound).
    write("header_huge_dim.txt", "2 555555555555554\n555555")
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000, 0), }"
    header += " " * (63 - len(header) % 64) + "\n"
    write("zero_columns.npy", b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
    meta = json.dumps({"weight": {"dtype": "F32", "shape": [1000000000000, 0], "data_offsets": [0, 0]}})
    write("zero_columns.safetensors", struct.pack("<Q", len(meta)) + meta.encode())
    # Also found by fuzzing: 0 rows of a huge dimension (a Fortran-order float16 .npy looped over
    # every column for minutes; a word2vec binary header read as an empty set).
    header = "{'descr': '<f2', 'fortran_order': True, 'shape': (0, 58446715166), }"
    header += " " * (63 - len(header) % 64) + "\n"
    write("zero_rows.npy", b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
    write("zero_rows.bin", b"000        00011000000000000000\n")
    # Projector TSV: rows of different lengths.
    write("projector_ragged.tsv", "0.1\t0.2\t0.3\n0.4\t0.5\n")


if __name__ == "__main__":
    main()
