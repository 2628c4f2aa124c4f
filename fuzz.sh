#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, AddressSanitizer + UBSan, build-fuzz/) and runs each for
# SECONDS (default 60), as many at a time as there are cores. Every target starts from seeds made
# of the real files the tests use, and keeps what it found in build-fuzz/corpus/ for the next run.
#   ./fuzz.sh [SECONDS] [TARGET...]      targets: see tests/fuzz/CMakeLists.txt (default: all)
# Prints executions per target; exits 1 when a target crashed, leaked or timed out, with the input
# that did it in build-fuzz/findings/.
set -euo pipefail
source "$(dirname "$0")/scripts/setup.sh"
EMBSCOPE_PACKAGES+=(clang-14 libclang-rt-14-dev)
embscope_install_packages

seconds=${1:-60}
shift || true
build="$EMBSCOPE_ROOT/build-fuzz"
CC=clang-14 CXX=clang++-14 embscope_build "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DEMBSCOPE_FUZZ=ON -DEMBSCOPE_BUILD_GUI=OFF -DEMBSCOPE_BUILD_TESTS=OFF \
  -DEMBSCOPE_BUILD_BENCH=OFF

targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  mapfile -t targets < <(cd "$build/tests/fuzz" && ls fuzz_* | sed 's/^fuzz_//' | sort)
fi

data="$EMBSCOPE_ROOT/tests/data"
fixtures="$EMBSCOPE_ROOT/tests/fixtures/formats"
resources="$EMBSCOPE_ROOT/resources/data"
# seed TARGET FILE...: copies the files into the target's seed folder.
seed() {
  local target=$1
  shift
  mkdir -p "$build/seeds/$target"
  cp "$@" "$build/seeds/$target/"
}
# gzip_head FILE LINES: the first lines of a gzip file (zcat stops early, which is no error here).
gzip_head() { { zcat "$1" || true; } | head -n "$2"; }
make_seeds() {
  rm -rf "$build/seeds"
  local texts=("$data"/formats/* "$fixtures"/gensim.txt "$fixtures"/fasttext.vec
    "$data"/bad/*.txt)
  seed glove_text "${texts[@]}"
  seed word2vec_text "${texts[@]}"
  seed gzip_text "${texts[@]}"
  gzip_head "$resources/glove.6B.100d.top50k.txt.gz" 40 >"$build/seeds/glove_text/glove_head.txt"
  seed word2vec_binary "$fixtures"/gensim.bin "$data"/bad/*.bin
  seed npy "$fixtures"/*.npy "$data"/bad/*.npy
  seed safetensors "$fixtures"/*.safetensors "$data"/bad/*.safetensors
  mkdir -p "$build/seeds/projector_tsv"
  { cat "$fixtures/projector/vectors.tsv"; printf '\0'; cat "$fixtures/projector/metadata.tsv"; } \
    >"$build/seeds/projector_tsv/with_metadata"
  seed projector_tsv "$fixtures/projector/vectors.tsv" "$data/bad/projector_ragged.tsv"
  seed vector_file "$data"/formats/* "$fixtures"/gensim.txt "$fixtures"/fasttext.vec \
    "$fixtures"/gensim.bin "$fixtures"/*.npy \
    "$fixtures"/*.safetensors "$data"/bad/*
  gzip -c "$data/formats/test_glove.txt" >"$build/seeds/vector_file/test_glove.txt.gz"
  mkdir -p "$build/seeds/corpus"
  head -n 20 "$data/corpus/lee_background.cor" >"$build/seeds/corpus/lee_head.cor"
  gzip_head "$resources/corpus/brown.txt.gz" 200 >"$build/seeds/corpus/brown_head.txt"
  seed evaluation_sets "$resources"/eval/EN-MC-30.txt "$resources"/eval/EN-RG-65.txt
  head -n 40 "$resources/eval/questions-words.txt" >"$build/seeds/evaluation_sets/questions.txt"
  head -n 40 "$resources/eval/wordsim353.tsv" >"$build/seeds/evaluation_sets/wordsim353.tsv"
  head -n 40 "$resources/eval/simlex999.txt" >"$build/seeds/evaluation_sets/simlex999.txt"
  mkdir -p "$build/seeds/checkpoint" "$build/seeds/session"
  "$build/tests/fuzz/make_fuzz_seeds" "$build/seeds/checkpoint" "$build/seeds/session"
  mkdir -p "$build/seeds/vector_expression"
  local expression i=0
  for expression in "king - man + woman" "0.5*paris + 0.5 * rome" "avg(cat, dog, mouse) - animal" \
    "x-ray - (a, b)" "mean(a) + -2.5e3*b"; do
    printf '%s' "$expression" >"$build/seeds/vector_expression/$((i++))"
  done
}
make_seeds

mkdir -p "$build/findings" "$build/logs"
# run_target NAME: runs one target; its log ends with libFuzzer's final statistics.
run_target() {
  local target=$1
  mkdir -p "$build/corpus/$target"
  "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/findings/$target-" \
    "$build/corpus/$target" "$build/seeds/$target" >"$build/logs/$target.log" 2>&1
}

jobs_at_once=$(nproc)
declare -A status
pids=()
names=()
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_at_once" ]; do sleep 1; done
  echo "fuzzing $target for ${seconds}s"
  run_target "$target" &
  pids+=($!)
  names+=("$target")
done
failed=0
for index in "${!pids[@]}"; do
  if wait "${pids[$index]}"; then status[${names[$index]}]=ok; else status[${names[$index]}]=FAILED; failed=1; fi
done

report="$build/fuzz-report.md"
{
  echo "| target | seconds | executions | exec/s | corpus files | result |"
  echo "| --- | ---: | ---: | ---: | ---: | --- |"
  for target in "${targets[@]}"; do
    log="$build/logs/$target.log"
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    files=$(find "$build/corpus/$target" -type f | wc -l)
    echo "| $target | $seconds | ${runs:-?} | ${rate:-?} | $files | ${status[$target]} |"
  done
} >"$report"
cat "$report"
if [ "$failed" -ne 0 ]; then
  echo "fuzz.sh: a target failed; its log is in $build/logs/, the input in $build/findings/" >&2
  exit 1
fi
