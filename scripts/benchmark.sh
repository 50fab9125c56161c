#!/usr/bin/env bash
# The performance benchmark (issue 6): builds the shaded jar and the benchmark classes, installs cfn-guard if
# needed, and prints one table of medians with baselines measured in the same run. About 10 minutes on 2 cores.
#
#   scripts/benchmark.sh            full run
#   scripts/benchmark.sh --quick    fewer repetitions, for a smoke test
#
# Results also land in target/bench/results.md and target/bench/results.json.
# Child JVM flags default to those of the lambda-hook launcher (and of the Lambda Java runtime's defaults);
# override with BENCH_JAVA_OPTS="...".
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# The hook jar (what cfn submit uploads) is what the cold-start, warm and size rows measure; the bench JVM itself runs
# the embedded Config endpoint, which only the tool jar holds.
jar="$root/target/lambda-tracing-hook-handler-1.0-SNAPSHOT.jar"
tool_jar="$root/target/lambda-hook-tool.jar"
work="$root/target/bench"

command -v java >/dev/null || { echo "benchmark: java 17+ is needed" >&2; exit 2; }
command -v mvn >/dev/null || { echo "benchmark: Maven is needed to build the jar" >&2; exit 2; }

echo "benchmark: building the jars and the benchmark classes (mvn -DskipTests package)..." >&2
mvn -q -B -DskipTests package >"$root/target-bench-build.log" 2>&1 || { tail -n 30 "$root/target-bench-build.log" >&2; exit 2; }
mkdir -p "$work"
mv "$root/target-bench-build.log" "$work/build.log"
# -DskipTests still compiles the test sources; the benchmark uses only its own package, apart from test resources.
rm -rf "$work/classes"
mkdir -p "$work/classes/com/lambda/tracing/hook"
cp -r "$root/target/test-classes/com/lambda/tracing/hook/bench" "$work/classes/com/lambda/tracing/hook/"

guard="$(bash "$root/scripts/install-cfn-guard.sh")"

# The plugin's wrapper empties java.io.tmpdir in Lambda only, but keep every JVM of the run on a private one anyway.
mkdir -p "$work/tmp"
exec java -XX:+UseSerialGC -Xmx1g -Djava.io.tmpdir="$work/tmp" -Dlambdahook.log.level=WARN \
  -cp "$tool_jar:$work/classes" com.lambda.tracing.hook.bench.Bench \
  --jar "$jar" --launcher "$root/lambda-hook" --bench-classes "$work/classes" --guard "$guard" --rules "$root/rules" --work "$work" \
  --java-opts "${BENCH_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto}" "$@"
