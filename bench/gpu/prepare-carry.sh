#!/usr/bin/env bash
# Prepares .gpu-carry/ (git-ignored) for bench/gpu/run-device.sh, here, where the JDK and Maven are: the GPU
# machine has the NVIDIA driver, CUDA and PyTorch but no JDK and no registry, so it builds nothing.
#
#   bench/gpu/prepare-carry.sh
#   then, through the device tool: carry [".gpu-carry"], command "bash bench/gpu/run-device.sh"
#
# .gpu-carry/ holds: jdk/ (a jlinked JDK 25 runtime: java.base, java.logging, java.management,
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

"$JDK/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.incubator.vector,jdk.unsupported \
    --strip-debug --no-header-files --no-man-pages --compress=zip-9 --output "$CARRY/jdk"

{
    git rev-parse HEAD
    if git diff --quiet HEAD -- .; then echo clean; else echo "dirty (uncommitted changes)"; fi
} >"$CARRY/COMMIT"
du -sh "$CARRY" "$CARRY"/*
