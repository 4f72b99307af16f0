#!/usr/bin/env bash
# Prepares .gpu-carry/ (git-ignored) for bench/gpu/run-device.sh, here, where the JDK and Maven are: the GPU
# machine has the NVIDIA driver, CUDA and PyTorch but no JDK and no registry, so it builds nothing.
#
#   bench/gpu/prepare-carry.sh
#   then, through the device tool: carry [".gpu-carry"], command "bash bench/gpu/run-device.sh"
#
# .gpu-carry/ holds: jdk.tar.gz (a jlinked JDK 25 runtime: java.base, java.logging, java.management,
# jdk.incubator.vector, jdk.unsupported), lib/ (the module jars and their test-scope dependencies; JCuda's
# natives cut down to the driver-API library, which needs only libcuda.so.1), test-classes/ (the compiled
# CUDA tests of native-kernels and tests), and COMMIT (the commit and whether the tree was dirty).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CARRY="$ROOT/.gpu-carry"
JDK=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME=$JDK

rm -rf "$CARRY"
mkdir -p "$CARRY/lib" "$CARRY/test-classes"
cd "$ROOT"
mvn -o -q -pl tests -am package dependency:copy-dependencies -DskipTests -DincludeScope=test \
    -DoutputDirectory="$CARRY/lib"
cp native-kernels/target/native-kernels-*.jar tensor/target/tensor-*.jar "$CARRY/lib/"
cp -r native-kernels/target/test-classes "$CARRY/test-classes/native-kernels"
cp -r tests/target/test-classes "$CARRY/test-classes/tests"

natives=$(ls "$CARRY"/lib/jcuda-natives-*-linux-x86_64.jar)
work=$(mktemp -d)
(cd "$work" && unzip -q "$natives" 'lib/libJCudaDriver-*' && "$JDK/bin/jar" --create --file "$natives" lib)
rm -rf "$work"

# Gzipped whole, the runtime is 20 MB, against 45 MB for jlink's own zip-9 (which gzip cannot shrink further):
# everything that travels, tracked files and models/ included, must fit in 64 MiB. run-device.sh unpacks it.
work=$(mktemp -d)
"$JDK/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.incubator.vector,jdk.unsupported \
    --strip-debug --no-header-files --no-man-pages --output "$work/jdk"
tar -C "$work" -czf "$CARRY/jdk.tar.gz" jdk
rm -rf "$work"

{
    git rev-parse HEAD
    if git diff --quiet HEAD -- .; then echo clean; else echo "dirty (uncommitted changes)"; fi
} >"$CARRY/COMMIT"
du -sh "$CARRY" "$CARRY"/*
echo "with the tracked files: $(( ($(du -sb "$CARRY" | cut -f1) + $(git ls-files -z | du -cb --files0-from=- | tail -1 | cut -f1)) >> 20 )) MiB of the 64 MiB that may travel"
