#!/usr/bin/env bash
# Runs the inverse-problem measurements of bench/results/inverse-cpu.md on held-out emoji, one job at a time,
# niced, from a snapshot of the CLI jar (so that edits to the checkout cannot rebuild it under a run).
#   bench/inverse/run-cpu.sh OUT_DIR GENERATOR ENCODER_LEVELS [N] [TASKS...]
# TASKS: inpaint colorize deblur superres inpaint-noise colorize-noise deblur-noise (default: all).
# Each line of OUT_DIR/results.jsonl is the JSON line of one ./pagoda inverse-eval run, with the command.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$1 generator=$2 levels=$3 n=${4:-64}
shift 3; (($# > 0)) && shift
tasks=("$@")
((${#tasks[@]} > 0)) || tasks=(inpaint colorize deblur superres inpaint-noise colorize-noise deblur-noise)
mkdir -p "$out"
commit=$(git -C "$root" rev-parse HEAD)
cli="$out/cli-${commit:0:7}"
if [[ ! -f $cli/pagoda.jar ]]; then
    (cd "$root" && ./pagoda --version >/dev/null)
    mkdir -p "$cli" && cp -r "$root/pagoda-app/target/pagoda.jar" "$root/pagoda-app/target/lib" "$cli/"
fi
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
flags=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED "-Dpagoda.models=$root/models")
fit=(--fit-steps "${FIT_STEPS:-100}" --lr "${LR:-1}" --prior-weight "${PRIOR:-10}")
for task in "${tasks[@]}"; do
    name=${task%-noise}
    init=encoder
    [[ $task == *-noise ]] && init=noise
    args=(inverse-eval --task "$name" --generator "$generator" --teacher teacher-emoji16 --data emoji --split test --n "$n"
          --encoder-steps "$levels" --grid "$out/$task.png")
    [[ $name != superres ]] && args+=(--init "$init" "${fit[@]}")
    start=$(date -u +%FT%TZ)
    line=$(nice -n 10 "$java" "${flags[@]}" -cp "$cli/pagoda.jar:$cli/lib/*" pagoda.cli.Main "${args[@]}" 2>>"$out/stderr.log" | tail -1)
    printf '{"started":"%s","commit":"%s","load":"%s","command":"./pagoda %s","result":%s}\n' "$start" "$commit" \
        "$(cut -d' ' -f1-3 /proc/loadavg)" "${args[*]}" "$line" | tee -a "$out/results.jsonl"
done
