#!/usr/bin/env bash
# Builds quant-benchmarks and runs the whole suite: JMH benchmarks of quant with ONNX Runtime side by side
# in the same JVM, then scripts/bench-numpy.py (numpy as the seeds write it), and prints one table
# (docs/benchmarks.md shows the latest). Takes 15-25 minutes; run it on an otherwise idle machine.
#
#   scripts/bench.sh [--quick] [--only REGEX] [--threads N] [--no-numpy] [--out FILE]
#   scripts/bench.sh jmh [JMH options]          plain JMH on the same jar
#
# JAVA_HOME picks the JDK (JDK 25 recommended: C2 vectorizes more there); the forks use the same JDK.
set -euo pipefail
cd "$(dirname "$0")/.."
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

./mvnw -B -q -Pbench -DskipTests -pl quant-benchmarks -am package

exec "$java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -jar quant-benchmarks/target/quant-benchmarks.jar "$@"
