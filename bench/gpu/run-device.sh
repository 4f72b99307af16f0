#!/usr/bin/env bash
# The device check of the CUDA backend, for the GPU machine of the device tool (see DEVELOPERS.md, "GPU
# work"). Builds nothing: it needs .gpu-carry/ from bench/gpu/prepare-carry.sh, carried with the call.
#
#   device tool: carry [".gpu-carry"], command "bash bench/gpu/run-device.sh", timeout_s 600
#
# Writes under $OUT: device.txt (nvidia-smi, torch, java), tests.txt (the cuda-tagged tests: one launcher
# test per .cu and the conformance suite's CUDA leg), bench.jsonl (our GEMM 4096^3 and conv 3x3
# [64,256,32,32] forward and forward+backward at fp32/tf32/bf16, PyTorch's on the same GPU, and the
# measured peaks), and gpu-<device>.md (the table for bench/results/). Exit status: the tests'.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CARRY="$ROOT/.gpu-carry"
OUT=${OUT:?OUT is unset: run this through the device tool, which sets it}
if [[ ! -f $CARRY/jdk.tar.gz ]]; then
    echo "run-device.sh: no $CARRY/jdk.tar.gz: run bench/gpu/prepare-carry.sh first and carry .gpu-carry" >&2
    exit 1
fi
RUNTIME=$(mktemp -d)
tar -C "$RUNTIME" -xzf "$CARRY/jdk.tar.gz"
JAVA="$RUNTIME/jdk/bin/java"
CP="$CARRY/lib/*:$CARRY/test-classes/native-kernels:$CARRY/test-classes/tests"
FLAGS=(--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx24g -XX:+UseParallelGC)
cd "$ROOT"

{
    nvidia-smi
    python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)'
    "$JAVA" -version
    cat "$CARRY/COMMIT"
} >"$OUT/device.txt" 2>&1

echo "== CUDA tests (LauncherTest, CudaConformanceTest)"
timeout 330 "$JAVA" "${FLAGS[@]}" -cp "$CP" pagoda.cuda.DeviceTests pagoda.cuda.LauncherTest pagoda.tests.CudaConformanceTest \
    >"$OUT/tests.txt" 2>&1
tests=$?
tail -n 30 "$OUT/tests.txt"

echo "== benchmarks"
bench() {
    timeout 60 "$JAVA" "${FLAGS[@]}" -cp "$CP" pagoda.cuda.bench.CudaBench "$@" >>"$OUT/bench.jsonl" 2>>"$OUT/bench.err"
}
for p in fp32 tf32 bf16; do
    bench gemm --m 4096 --n 4096 --k 4096 --precision "$p"
    bench conv --n 64 --c 256 --h 32 --w 32 --k 256 --precision "$p"
    bench conv --n 64 --c 256 --h 32 --w 32 --k 256 --backward --precision "$p"
done
PYTHONUNBUFFERED=1 timeout 150 python3 bench/gpu/torch_gpu.py >>"$OUT/bench.jsonl" 2>>"$OUT/bench.err"

device=$(nvidia-smi --query-gpu=name --format=csv,noheader | head -n 1 | tr '[:upper:]' '[:lower:]' | tr -cs 'a-z0-9' '-' | sed 's/-$//')
{
    echo "# GPU benchmarks: ${device:-unknown}"
    echo
    echo "Command: \`bash bench/gpu/run-device.sh\` (device tool), commit $(head -n 1 "$CARRY/COMMIT") ($(sed -n 2p "$CARRY/COMMIT"))."
    echo "JVM flags: ${FLAGS[*]}. Medians of 30 CUDA-event-timed repetitions after 5 warm-ups; PyTorch the same way."
    echo "GPU: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | head -n 1)."
    echo "Date: $(date -u +%Y-%m-%dT%H:%MZ)."
    echo "Tests: $(tail -n 1 "$OUT/tests.txt")."
} >"$OUT/header.txt"
python3 bench/gpu/report.py "$OUT/bench.jsonl" "$OUT/header.txt" >"$OUT/gpu-${device:-unknown}.md"
cat "$OUT/gpu-${device:-unknown}.md"
exit $tests
