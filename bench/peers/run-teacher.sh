#!/usr/bin/env bash
# The EDM teacher on the CPU, pagoda-j against its PyTorch twin (bench/peers/torch_teacher.py): images/s of
# the denoiser forward and of a training step (EDM loss, backward, Adam), in alternating rounds of one
# session (ours, torch, ours, torch, ...) because the machine is shared; then the smallest -Xmx (in steps
# of 64 MiB) under which our training step runs, its peak heap. Writes bench/results/teacher-cpu.md.
#
#   bench/peers/run-teacher.sh [--config FILE] [--batch B] [--threads T] [--rounds N] [--reps R] [--warmup-ms MS] [--out FILE]
#
# Defaults: the teacher-16 preset, batch 64, 2 threads, 3 rounds, 10 repetitions, 15 s warm-up,
# bench/results/teacher-cpu.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
PYTHON=/usr/bin/python3
PEERS=$ROOT/bench/peers
CONFIG=$ROOT/unet/src/main/resources/presets/teacher-16.json
BATCH=64
THREADS=2
ROUNDS=3
REPS=10
WARMUP_MS=15000
OUT=$ROOT/bench/results/teacher-cpu.md
COMMAND="${QUIET_WRAPPER:+$QUIET_WRAPPER }bench/peers/run-teacher.sh${*:+ $*}"

positive() {
    [[ $2 =~ ^[1-9][0-9]*$ ]] || { echo "run-teacher.sh: $1 expects a positive integer, got '$2'" >&2; exit 2; }
    printf '%s' "$2"
}

while (($#)); do
    case $1 in
        --config) [[ -f ${2:-} ]] || { echo "run-teacher.sh: --config expects a file, got '${2:-}'" >&2; exit 2; }
                  CONFIG=$(readlink -f "$2"); shift 2 ;;
        --batch) BATCH=$(positive "$1" "${2:-}"); shift 2 ;;
        --threads) THREADS=$(positive "$1" "${2:-}"); shift 2 ;;
        --rounds) ROUNDS=$(positive "$1" "${2:-}"); shift 2 ;;
        --reps) REPS=$(positive "$1" "${2:-}"); shift 2 ;;
        --warmup-ms) WARMUP_MS=$(positive "$1" "${2:-}"); shift 2 ;;
        --out) [[ -n ${2:-} ]] || { echo "run-teacher.sh: --out expects a file" >&2; exit 2; }; OUT=$(readlink -f "$2"); shift 2 ;;
        -h | --help) sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "run-teacher.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"

pagoda() {
    if ! ./pagoda "$@" 2>"$WORK/stderr"; then
        cat "$WORK/stderr" >&2
        echo "run-teacher.sh: ./pagoda $* failed" >&2
        return 1
    fi
}

info=$(pagoda info)
field() { sed -n "s/^$1  *//p" <<<"$info"; }
load_before=$(cut -d" " -f1-3 /proc/loadavg)
common=(--config "$CONFIG" --batch "$BATCH" --threads "$THREADS" --backward --reps "$REPS" --warmup-ms "$WARMUP_MS")
for ((round = 1; round <= ROUNDS; round++)); do
    echo "round $round/$ROUNDS: pagoda-j" >&2
    pagoda bench teacher "${common[@]}" >>"$WORK/raw.jsonl"
    echo "round $round/$ROUNDS: torch" >&2
    "$PYTHON" "$PEERS/torch_teacher.py" bench "${common[@]}" >>"$WORK/raw.jsonl"
done

# Peak heap: the smallest -Xmx, in 64 MiB steps, under which one warm-up and one timed training step run.
lo=0
hi=4096
while ((hi - lo > 64)); do
    mid=$(((lo + hi) / 128 * 64))
    echo "heap: trying -Xmx${mid}m" >&2
    if PAGODA_JAVA_OPTS="-Xmx${mid}m" timeout 900 ./pagoda bench teacher --config "$CONFIG" --batch "$BATCH" --threads "$THREADS" \
        --backward --reps 1 --warmup-ms 0 >/dev/null 2>&1; then
        hi=$mid
    else
        lo=$mid
    fi
done

load_after=$(cut -d" " -f1-3 /proc/loadavg)
commit=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo "unknown")
[[ -n $(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null) ]] && commit+=" (with uncommitted changes)"
"$PYTHON" "$PEERS/torch_cpu.py" info >"$WORK/torch.json"
COMMAND=$COMMAND COMMIT=$commit DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ) CPU=$(field CPU) JDK=$(field JDK) \
    JVM_FLAGS=$(field 'JVM flags') VECTOR=$(field 'vector species') THREADS=$THREADS ROUNDS=$ROUNDS REPS=$REPS \
    WARMUP_MS=$WARMUP_MS CONFIG=${CONFIG#"$ROOT"/} HEAP_MIB=$hi LOAD="$load_before (before), $load_after (after)" \
    TORCH_JSON=$WORK/torch.json "$PYTHON" "$PEERS/teacher_report.py" "$WORK/raw.jsonl" >"$OUT.tmp.$$"
mv -f "$OUT.tmp.$$" "$OUT"
echo "wrote $OUT" >&2
