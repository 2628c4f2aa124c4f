#!/usr/bin/python3
"""Every machine-readable output of embscope-cli parses with a strict reader, whatever the words.

    check_machine_outputs.py EMBSCOPE_CLI DEFAULT_VECTORS CASES_DIR SCRATCH_DIR

- every command that the help lists as printing `--format json` is run with --format json and
  --format csv, on the default data and on a vector file whose words hold invalid UTF-8, quotes,
  backslashes, a tab, a space and a comma. JSON must decode as strict UTF-8 and parse with
  Python's json module with NaN/Infinity refused; every row is an object with the same keys. CSV
  is read by Python's csv module (RFC 4180): one header and one record per JSON row, each with
  as many fields as the header, and the same values as the JSON.
- words are compared with Python's own decoding, bytes.decode('utf-8', 'replace'): that is what
  embscope must show for a word that is not valid UTF-8.
- `project`'s coordinates CSV: one record per row of the file, 4 fields, the file's words.
- failing commands that quote input (an unknown word, a bad value, unknown options): stderr
  decodes as strict UTF-8 and shows invalid bytes as \\xHH.
"""
import csv
import io
import json
import os
import re
import subprocess
import sys

CLI, DEFAULT, CASES, SCRATCH = sys.argv[1:5]

# Words of the tricky file, as bytes (the GloVe reader takes the last 3 fields as the numbers and
# the rest of the line, spaces and tabs included, as the word).
TRICKY_WORDS = [b"the", b'say "hi"', b"back\\slash", b"tab\there", b"a word", b"caf\xe9",
                b"cut\xf0\x9f\x98", b"comma,word", b"\xe2\x82\xac", b"new\xc2\xa0york"]

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)
    return condition


def run(args, expect_ok=True):
    result = subprocess.run([CLI] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            timeout=600)
    name = " ".join(a if isinstance(a, str) else repr(a) for a in args[:3])
    try:
        result.stderr.decode("utf-8", "strict")
    except UnicodeDecodeError as error:
        check(False, "%s: stderr is not valid UTF-8 (%s): %r" % (name, error, result.stderr[:200]))
    if expect_ok:
        check(result.returncode == 0, "%s: exit %d: %r" % (name, result.returncode,
                                                            result.stderr[-400:]))
    return result


def refuse_constant(name):
    raise ValueError("JSON has no " + name)


def parse_json(name, stdout):
    try:
        text = stdout.decode("utf-8", "strict")
        rows = json.loads(text, parse_constant=refuse_constant)
    except (UnicodeDecodeError, ValueError) as error:
        check(False, "%s: not strict JSON (%s): %r" % (name, error, stdout[:300]))
        return None
    check(isinstance(rows, list) and rows, "%s: JSON is not a non-empty array" % name)
    keys = list(rows[0].keys())
    for row in rows:
        check(isinstance(row, dict) and list(row.keys()) == keys, "%s: rows differ in keys" % name)
    return rows


def parse_csv(name, stdout, json_rows):
    try:
        text = stdout.decode("utf-8", "strict")
    except UnicodeDecodeError as error:
        check(False, "%s: CSV is not valid UTF-8 (%s)" % (name, error))
        return
    records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    header = records[0]
    check(len(records) == len(json_rows) + 1,
          "%s: %d CSV records for %d JSON rows" % (name, len(records) - 1, len(json_rows)))
    check(header == list(json_rows[0].keys()), "%s: CSV header %r" % (name, header))
    for record, row in zip(records[1:], json_rows):
        check(len(record) == len(header), "%s: record %r has %d fields" % (name, record,
                                                                            len(record)))
        for field, (key, value) in zip(record, row.items()):
            if isinstance(value, str):
                check(field == value, "%s: CSV %r != JSON %r (%s)" % (name, field, value, key))
            elif value is None:
                check(field == "", "%s: CSV %r for a JSON null (%s)" % (name, field, key))
            else:
                check(abs(float(field) - value) <= 1e-12 * max(1.0, abs(value)),
                      "%s: CSV %r != JSON %r (%s)" % (name, field, value, key))


def json_commands():
    """The commands that print --format json, as the help lists them."""
    help_text = run(["--help"]).stdout.decode("utf-8")
    line = next(l for l in help_text.splitlines() if "print --format" in l and "json" in l)
    names = re.findall(r"[a-z]+", line.split("print --format")[0])
    return [n for n in names if n != "and"]


def query(command, data, words, extra_files):
    """Arguments that make `command` answer on `data`."""
    if command == "neighbors":
        return [data] + words[:3] + ["-k", "5"]
    if command == "analogy":
        return [data] + words[:3] + ["-k", "5"]
    if command == "expr":
        plus = b" + " if isinstance(words[0], bytes) else " + "
        return [data, words[0] + plus + words[3]]
    if command == "evaluate":
        return [data] + extra_files
    raise SystemExit("check_machine_outputs.py does not know how to run %r: add it" % command)


def write_tricky(folder):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "tricky.txt")
    with open(path, "wb") as f:
        for i, word in enumerate(TRICKY_WORDS):
            f.write(word + b" %g %g %g\n" % (1.0 - 0.05 * i, 0.1 * i, 0.02 * (i % 3)))
    # Pairs (tab-separated, as gensim) and analogies (space-separated) over those words.
    pairs = os.path.join(folder, "pairs.tsv")
    with open(pairs, "wb") as f:
        for a, b, score in [(b"the", b"caf\xe9", 1), (b"the", b"\xe2\x82\xac", 2),
                            (b"caf\xe9", b"comma,word", 3), (b"the", b"comma,word", 4),
                            (b"cut\xf0\x9f\x98", b"the", 5)]:
            f.write(a + b"\t" + b + b"\t%d\n" % score)
    analogies = os.path.join(folder, "analogies.txt")
    with open(analogies, "wb") as f:
        f.write(b": caf\xe9 section\n")
        f.write(b"the caf\xe9 comma,word \xe2\x82\xac\n")
        f.write(b"caf\xe9 the \xe2\x82\xac comma,word\n")
    return path, ["--pairs", pairs, "--analogies", analogies]


def main():
    commands = json_commands()
    check(set(commands) >= {"neighbors", "analogy", "expr", "evaluate"},
          "the help lists %r as printing JSON" % commands)
    tricky, tricky_eval = write_tricky(SCRATCH)
    shown_words = {w.decode("utf-8", "replace") for w in TRICKY_WORDS}
    data_sets = [
        ("default", DEFAULT, ["king", "man", "woman", "queen"], ["--restrict", "30000"]),
        # Words are passed as bytes: the queries themselves are not valid UTF-8.
        ("tricky", tricky, [b"caf\xe9", b"the", b"comma,word", b"\xe2\x82\xac"], tricky_eval),
    ]
    for label, data, words, eval_files in data_sets:
        for command in commands:
            args = [command] + query(command, data, words, eval_files)
            name = "%s %s" % (command, label)
            rows = parse_json(name + " json", run(args + ["--format", "json"]).stdout)
            if rows is None:
                continue
            parse_csv(name + " csv", run(args + ["--format", "csv"]).stdout, rows)
            if label == "tricky" and command in ("neighbors", "analogy", "expr"):
                for row in rows:
                    check(row["word"] in shown_words,
                          "%s: %r is not one of the file's words as Python decodes them" %
                          (name, row["word"]))
            if command == "evaluate":
                # Rows without a value are null, never an empty token ("oov %": }).
                check(any(row["oov %"] is None for row in rows), name + ": no null oov %")
                # A value is a number, or null where nothing was left to score (0 questions).
                check(all(isinstance(row["value"], (float, int)) or
                          (row["value"] is None and row["pairs/questions"] == 0)
                          for row in rows), name + ": a value is not a number")
                check(any(isinstance(row["value"], (float, int)) for row in rows),
                      name + ": no value at all")
    # Every command's JSON output on the cases of ../shared/cases: a binary whose second word
    # ends in a cut UTF-8 sequence.
    case = os.path.join(CASES, "json-invalid-utf8-word", "vectors-truncated-word.bin")
    rows = parse_json("case json", run(["neighbors", case, "hello", "--format", "json"]).stdout)
    if rows is not None:
        check(rows[0]["word"] == "\u0436" * 49 + "\ufffd", "case: first neighbour %r" % rows[0])

    # project's coordinates CSV: one record per row, the file's words as Python decodes them.
    coords = os.path.join(SCRATCH, "coords.csv")
    run(["project", tricky, "-o", coords])
    with open(coords, "rb") as f:
        raw = f.read()
    try:
        records = list(csv.reader(io.StringIO(raw.decode("utf-8", "strict"), newline=""),
                                  strict=True))
        check(records[0] == ["word", "x", "y", "z"], "coords header %r" % records[0])
        check([r[0] for r in records[1:]] == [w.decode("utf-8", "replace") for w in TRICKY_WORDS],
              "coords words %r" % [r[0] for r in records[1:]])
        check(all(len(r) == 4 for r in records), "coords: a record without 4 fields")
    except UnicodeDecodeError as error:
        check(False, "coords CSV is not valid UTF-8 (%s)" % error)

    # Failing commands that quote their input: stderr is valid UTF-8, invalid bytes as \xHH.
    noise = os.path.join(CASES, "message-invalid-utf8", "noise.vec")
    for args, expected in [
        (["info", noise], None),
        (["neighbors", tricky, b"unknown\xff"], b"\\xff"),
        (["expr", tricky, b"the + \xfe"], b"\\xfe"),
        (["neighbors", tricky, "the", "--format", b"js\xffon"], b"\\xff"),
        (["info", b"/nonexistent/\xf3.txt"], None),
        ([b"comm\xe4nd"], b"\\xe4"),
    ]:
        result = run(args, expect_ok=False)
        name = repr(args[:3])
        check(result.returncode != 0, name + ": exit 0")
        check(result.stderr.strip() != b"", name + ": no message")
        if expected is not None:
            check(expected in result.stderr, "%s: %r not in %r" % (name, expected, result.stderr))
    noise_message = run(["info", noise], expect_ok=False).stderr
    check(b"\\x" in noise_message, "noise.vec: invalid bytes not escaped: %r" % noise_message)

    if failures:
        print("%d failures" % len(failures))
        return 1
    print("every JSON and CSV output parsed strictly; every message is valid UTF-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
