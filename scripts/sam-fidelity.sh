#!/usr/bin/env bash
# SAM transform fidelity: runs `lambda-hook transform` (in one JVM) on every input of a directory of AWS SAM
# translator test fixtures (input/NAME.yaml with the translator's output/NAME.json; input/error_*.yaml have none)
# and reports the share of AWS::Lambda::Function resources whose Properties equal the translator's, the generated
# function roles present, and the error inputs rejected with exit code 2.
#
#   scripts/sam-fidelity.sh FIXTURES_DIR [--region R] [--verbose]
#
# The fixtures are the translator's own (github.com/aws/serverless-application-model, tests/translator/input and
# tests/translator/output). Exit code 0 when the targets are met (>= 98% of functions, every role, every error
# input), 1 when not, 2 on bad usage.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 1 ] && [ -d "$1/input" ] && [ -d "$1/output" ] || {
  echo "usage: scripts/sam-fidelity.sh FIXTURES_DIR [--region R] [--verbose]  (FIXTURES_DIR holds input/ and output/)" >&2
  exit 2
}
command -v mvn >/dev/null || { echo "sam-fidelity: Maven is needed to build the classes" >&2; exit 2; }
cd "$root"
mkdir -p target
mvn -q -B -o -DskipTests test-compile >target/sam-fidelity-build.log 2>&1 \
  || mvn -q -B -DskipTests test-compile >target/sam-fidelity-build.log 2>&1 \
  || { tail -n 30 target/sam-fidelity-build.log >&2; exit 2; }
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/sam-fidelity.classpath >>target/sam-fidelity-build.log 2>&1 \
  || mvn -q -B dependency:build-classpath -Dmdep.outputFile=target/sam-fidelity.classpath >>target/sam-fidelity-build.log 2>&1 \
  || { tail -n 30 target/sam-fidelity-build.log >&2; exit 2; }
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -cp "target/classes:target/test-classes:$(cat target/sam-fidelity.classpath)" \
  com.lambda.tracing.hook.cli.SamFidelity "$@"
