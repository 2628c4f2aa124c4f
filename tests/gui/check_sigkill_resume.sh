#!/usr/bin/env bash
# Kill -9 the GUI in the middle of a training session; its autosaved checkpoint must survive
# whole and resume: the CLI continues it on the same corpus.
#   check_sigkill_resume.sh EMBSCOPE EMBSCOPE_CLI SCRATCH
set -euo pipefail
gui=$1 cli=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
export XDG_DATA_HOME=$scratch/data XDG_CONFIG_HOME=$scratch/config
autosave=$XDG_DATA_HOME/embscope/embscope/autosave
# Not scripted (no output files): the window trains 30,000 words, pauses (which autosaves) and
# stays open, as for a user.
"$gui" --train-steps 30000 > "$scratch/gui.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  [ -s "$autosave/training.json" ] && break
  kill -0 "$pid" 2> /dev/null || { cat "$scratch/gui.log"; echo "the GUI exited early"; exit 1; }
  sleep 0.1
done
kill -9 "$pid"
wait "$pid" 2> /dev/null || true
[ -s "$autosave/training.ckpt" ] || { echo "no autosaved checkpoint in $autosave"; exit 1; }
grep -q '"words": 30000' "$autosave/training.json" || { cat "$autosave/training.json"; exit 1; }
ls "$autosave" | grep -v -E '^training\.(ckpt|json)$' && { echo "temporary files left behind"; exit 1; }
# The checkpoint continues on the same (bundled) corpus.
"$cli" train --resume "$autosave/training.ckpt" -o "$scratch/resumed.bin" 2>&1 | tee "$scratch/cli.log"
grep -q "resumed .*training.ckpt at" "$scratch/cli.log"
echo "the killed GUI's training resumed"
