#!/usr/bin/env bash
# pagoda-j against PyTorch (Debian's python3-torch on OpenBLAS) on the CPU: the same shapes, timed the
# same way, in alternating rounds of one session (ours, torch, ours, torch, ...) because the machine is
# shared and noisy; writes the side-by-side table to bench/results/cpu.md (atomically).
#
#   bench/peers/run-cpu.sh [--threads T] [--rounds N] [--reps R] [--out FILE]
#
# Defaults: 2 threads, 3 rounds, 20 repetitions per run, bench/results/cpu.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
PYTHON=/usr/bin/python3 # Debian's interpreter, the one python3-torch is installed for
PEERS=$ROOT/bench/peers
THREADS=2
ROUNDS=3
REPS=20
OUT=$ROOT/bench/results/cpu.md
COMMAND="${QUIET_WRAPPER:+$QUIET_WRAPPER }bench/peers/run-cpu.sh${*:+ $*}"

usage() {
    echo "usage: bench/peers/run-cpu.sh [--threads T] [--rounds N] [--reps R] [--out FILE]" >&2
    exit 2
}

positive() {
    [[ $2 =~ ^[1-9][0-9]*$ ]] || { echo "run-cpu.sh: $1 expects a positive integer, got '$2'" >&2; exit 2; }
    printf '%s' "$2"
}

while (($#)); do
    case $1 in
        --threads) THREADS=$(positive "$1" "${2:-}"); shift 2 ;;
        --rounds) ROUNDS=$(positive "$1" "${2:-}"); shift 2 ;;
        --reps) REPS=$(positive "$1" "${2:-}"); shift 2 ;;
        --out) [[ -n ${2:-} ]] || usage; OUT=$(readlink -f "$2"); shift 2 ;;
        -h | --help) sed -n '2,8s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "run-cpu.sh: unknown argument '$1'" >&2; usage ;;
    esac
done

# Without libopenblas0-pthread torch's matmul falls back to the reference BLAS (about 6 GFLOP/s).
"$ROOT/.ci/ensure-debian-packages" python3-torch libopenblas0-pthread

# Each case is a line of options common to both implementations.
CASES=(
    "gemm --m 256 --n 256 --k 256"
    "gemm --m 1024 --n 1024 --k 1024"
    "gemm --m 2048 --n 2048 --k 512"
    "conv --n 8 --c 128 --h 32 --w 32 --k 128 --kernel 3 --stride 1 --pad 1"
    "conv --n 8 --c 128 --h 32 --w 32 --k 128 --kernel 3 --stride 1 --pad 1 --backward"
)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"

# Runs ./pagoda; its stderr (the JVM's incubator warning) is shown only if it fails.
pagoda() {
    if ! ./pagoda "$@" 2>"$WORK/stderr"; then
        cat "$WORK/stderr" >&2
        echo "run-cpu.sh: ./pagoda $* failed" >&2
        exit 1
    fi
}

info=$(pagoda info) # also builds the CLI if needed
field() { sed -n "s/^$1  *//p" <<<"$info"; }

load_before=$(cut -d" " -f1-3 /proc/loadavg)
echo "measuring the FP32 peak of $THREADS threads" >&2
peak=$(pagoda bench peak --threads "$THREADS" --reps 10 | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["gflops"])')

for ((round = 1; round <= ROUNDS; round++)); do
    for case in "${CASES[@]}"; do
        read -ra opts <<<"$case"
        common=(--threads "$THREADS" --reps "$REPS" --peak "$peak")
        echo "round $round/$ROUNDS: $case" >&2
        pagoda bench "${opts[@]}" "${common[@]}" >>"$WORK/raw.jsonl"
        "$PYTHON" "$PEERS/torch_cpu.py" "${opts[@]}" "${common[@]}" >>"$WORK/raw.jsonl"
    done
done

load_after=$(cut -d" " -f1-3 /proc/loadavg)
commit=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo "unknown (not a git checkout)")
[[ -n $(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null) ]] && commit+=" (with uncommitted changes)"
"$PYTHON" "$PEERS/torch_cpu.py" info >"$WORK/torch.json"
COMMAND=$COMMAND COMMIT=$commit DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ) CPU=$(field CPU) JDK=$(field JDK) \
    JVM_FLAGS=$(field 'JVM flags') VECTOR=$(field 'vector species') THREADS=$THREADS PEAK=$peak \
    ROUNDS=$ROUNDS REPS=$REPS LOAD="$load_before (before), $load_after (after)" TORCH_JSON=$WORK/torch.json "$PYTHON" -c '
import json, os
e = os.environ
meta = {"command": e["COMMAND"], "commit": e["COMMIT"], "date": e["DATE"], "cpu": e["CPU"], "jdk": e["JDK"],
        "jvm_flags": e["JVM_FLAGS"], "vector": e["VECTOR"], "threads": int(e["THREADS"]),
        "peak_gflops": float(e["PEAK"]), "rounds": int(e["ROUNDS"]), "reps": int(e["REPS"]), "load": e["LOAD"],
        "torch": json.load(open(e["TORCH_JSON"]))}
json.dump(meta, open(os.path.join(os.path.dirname(e["TORCH_JSON"]), "meta.json"), "w"))
'

mkdir -p "$(dirname "$OUT")"
"$PYTHON" "$PEERS/report.py" "$WORK/raw.jsonl" "$WORK/meta.json" >"$OUT.tmp.$$"
mv -f "$OUT.tmp.$$" "$OUT"
echo "wrote $OUT" >&2
