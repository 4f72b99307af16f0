#!/usr/bin/env bash
# Keeps the checked-in PTX of src/main/cuda/*.cu fresh and checks that every kernel assembles.
#
#   ./ptx.sh check    (the build runs this) fail if a .cu has no PTX or its PTX is stale; with nvcc,
#                     regenerate into target/ptx and compare; with ptxas, assemble every PTX for sm_80
#                     and sm_90 and fail on any error (resource report: target/ptxas-report.txt)
#   ./ptx.sh update   regenerate the checked-in PTX and its manifest (needs nvcc)
#
# Freshness without nvcc: the manifest records, per kernel, the SHA-256 of the compiler flags, the .cu
# and every shared header; a changed source changes the hash. pagoda.cuda.kernels.PtxManifestTest
# recomputes the same hash in Java, so the test suite catches stale PTX on machines without this script.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRC="$HERE/src/main/cuda"
PTX="$HERE/src/main/resources/pagoda/cuda/ptx"
TARGET="$HERE/target"
MANIFEST="$PTX/MANIFEST"
# compute_80 PTX: the driver compiles it for Ampere, Hopper and later at module load. No -lineinfo:
# it would write this checkout's absolute paths into the PTX.
readonly FLAGS="-ptx -arch=compute_80 -std=c++17 -O3"
readonly ARCHS=(sm_80 sm_90)

die() {
    printf 'native-kernels/ptx.sh: %s\n' "$*" >&2
    exit 1
}

kernels() {
    (cd "$SRC" && LC_ALL=C ls -1 -- *.cu | sed 's/\.cu$//')
}

headers() {
    (cd "$SRC" && LC_ALL=C ls -1 -- *.cuh 2>/dev/null || true)
}

# The hash of what kernel $1's PTX is made from: flags, then name and bytes of the .cu and each header.
source_hash() {
    local k=$1 h
    {
        printf '%s\n' "$FLAGS"
        printf '%s\n' "$k.cu"
        cat "$SRC/$k.cu"
        for h in $(headers); do
            printf '%s\n' "$h"
            cat "$SRC/$h"
        done
    } | sha256sum | cut -d' ' -f1
}

nvcc_version() {
    nvcc --version | sed -n 's/.*release \([0-9.]*\), \(V[0-9.]*\).*/\1 \2/p'
}

compile() {
    local k=$1 out=$2
    # shellcheck disable=SC2086
    (cd "$SRC" && nvcc $FLAGS "$k.cu" -o "$out")
}

update() {
    command -v nvcc >/dev/null || die "nvcc not found: update needs the CUDA toolkit"
    mkdir -p "$PTX"
    rm -f "$PTX"/*.ptx
    {
        printf 'nvcc %s\n' "$(nvcc_version)"
        printf 'flags %s\n' "$FLAGS"
        for k in $(kernels); do
            compile "$k" "$PTX/$k.ptx"
            printf 'kernel %s %s\n' "$k" "$(source_hash "$k")"
        done
    } >"$MANIFEST.tmp"
    mv "$MANIFEST.tmp" "$MANIFEST"
    echo "native-kernels: regenerated $(kernels | wc -l) PTX files with nvcc $(nvcc_version)"
}

check() {
    [[ -f $MANIFEST ]] || die "no $MANIFEST: run native-kernels/ptx.sh update"
    local k want have stale=() missing=()
    for k in $(kernels); do
        want=$(source_hash "$k")
        have=$(sed -n "s/^kernel $k \([0-9a-f]*\)$/\1/p" "$MANIFEST")
        if [[ ! -f $PTX/$k.ptx || -z $have ]]; then
            missing+=("$k")
        elif [[ $want != "$have" ]]; then
            stale+=("$k")
        fi
    done
    for f in "$PTX"/*.ptx; do
        k=$(basename "$f" .ptx)
        [[ -f $SRC/$k.cu ]] || die "$f has no source $k.cu: run native-kernels/ptx.sh update"
    done
    ((${#missing[@]} == 0)) || die "no PTX for ${missing[*]}: run native-kernels/ptx.sh update (needs nvcc) and commit the PTX"
    ((${#stale[@]} == 0)) || die "stale PTX for ${stale[*]} (its .cu or a header changed): run native-kernels/ptx.sh update (needs nvcc) and commit the PTX"

    # The compile and assembly checks below take a minute; their verdict depends only on the PTX, the
    # manifest and the tool versions, so a build that changed none of them reuses the last verdict.
    local stamp="$TARGET/ptx-checked" key
    key=$({ cat "$MANIFEST" "$PTX"/*.ptx; nvcc --version 2>/dev/null; ptxas --version 2>/dev/null; } | sha256sum | cut -d' ' -f1)
    if [[ -f $stamp && $(<"$stamp") == "$key" ]]; then
        echo "native-kernels: PTX, manifest and CUDA tools unchanged since the last full check"
        return 0
    fi

    if command -v nvcc >/dev/null; then
        local made="$TARGET/ptx" recorded current
        mkdir -p "$made"
        recorded=$(sed -n 's/^nvcc //p' "$MANIFEST")
        current=$(nvcc_version)
        # One nvcc per kernel, as many at once as there are processors.
        export SRC FLAGS
        kernels | xargs -P "$(nproc)" -I{} sh -c 'cd "$SRC" && nvcc $FLAGS {}.cu -o "$0/{}.ptx"' "$made" ||
            die "nvcc failed (see above)"
        for k in $(kernels); do
            if ! cmp -s "$made/$k.ptx" "$PTX/$k.ptx"; then
                if [[ $recorded == "$current" ]]; then
                    die "$k.ptx differs from what nvcc $current makes of $k.cu: run native-kernels/ptx.sh update"
                fi
                echo "native-kernels: $k.ptx was made by nvcc $recorded, this is $current; the sources match, so it is kept (ptx.sh update regenerates it)"
            fi
        done
        echo "native-kernels: $(kernels | wc -l) PTX files match nvcc $current"
    else
        echo "native-kernels: nvcc not found: PTX checked against its source hashes only"
    fi

    if command -v ptxas >/dev/null; then
        local report="$TARGET/ptxas-report.txt" arch
        rm -rf "$TARGET/ptxas"
        mkdir -p "$TARGET/ptxas"
        for arch in "${ARCHS[@]}"; do
            for k in $(kernels); do
                printf '%s %s\n' "$k" "$arch"
            done
        done | xargs -P "$(nproc)" -n 2 sh -c 'ptxas -arch="$3" -v "$0/$2.ptx" -o /dev/null >"$1/$2.$3.txt" 2>&1 || { echo "ptxas rejected $2.ptx for $3:"; cat "$1/$2.$3.txt"; exit 255; }' "$PTX" "$TARGET/ptxas" ||
            die "ptxas failed (see above)"
        cat "$TARGET"/ptxas/*.txt >"$report"
        if grep -E '[1-9][0-9]* bytes spill' "$report" >/dev/null; then
            echo "native-kernels: warning: register spills (see $report)"
        fi
        echo "native-kernels: ptxas assembled $(kernels | wc -l) PTX files for ${ARCHS[*]} (report: target/ptxas-report.txt)"
    else
        echo "native-kernels: ptxas not found: sm_80/sm_90 assembly check skipped"
    fi
    mkdir -p "$TARGET"
    printf '%s' "$key" >"$stamp"
}

case "${1:-check}" in
    check) check ;;
    update) update ;;
    *) die "unknown command '$1' (check or update)" ;;
esac
