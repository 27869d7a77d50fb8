#!/bin/sh
# Builds Corvid and runs the benchmark against the hand-written baseline; results go to bench/results.md.
# Pass --quick for a run of a few minutes; see dev.corvid.bench.Benchmark for the other options.
set -e
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
exec java -cp "$(cat agent-bench/target/classpath.txt):agent-bench/target/classes" dev.corvid.bench.Benchmark "$@"
