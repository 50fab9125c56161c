#!/usr/bin/env bash
# The CloudFormation CLI round trip: what a platform engineer does with this repository and their own `cfn`.
#
#   scripts/cfn-roundtrip.sh                 uses `cfn` on PATH
#   CFN=/path/to/cfn scripts/cfn-roundtrip.sh
#
# Steps, each of which must pass:
#   1. cfn validate
#   2. cfn generate --local-only --target-schemas target-schemas/aws-lambda-function.json, and then no tracked file
#      (or untracked, not ignored file) may differ from before: docs/ and hook-role.yaml are committed exactly as
#      the CLI renders them, so generate is a no-op on a clean tree
#   3. mvn package, when the hook jar is missing or older than the sources
#   4. cfn submit --dry-run, which writes lambda-tracing-hook.zip (no AWS account is needed)
#   5. the zip holds schema.json, configuration-schema.json, .rpdk-config, inputs/ and exactly one jar, and target/
#      holds exactly one lambda-tracing-hook-*.jar (cfn submit refuses to choose between several)
# The CLI's own output goes to target/cfn-roundtrip/*.log and is shown when a step fails.
set -euo pipefail

caller_dir="$PWD"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fail() { echo "cfn-roundtrip: FAILED: $*" >&2; exit 1; }

# The cfn command: $CFN (may carry arguments), else cfn on PATH. A relative path is taken from where the script
# was started, like any other command-line path.
read -r -a cfn <<<"${CFN:-cfn}"
[ "${#cfn[@]}" -gt 0 ] || fail "CFN is empty"
if [[ "${cfn[0]}" == */* && "${cfn[0]}" != /* ]]; then
  cfn[0]="$caller_dir/${cfn[0]}"
fi
command -v "${cfn[0]}" >/dev/null 2>&1 \
  || fail "no cfn command: install the CloudFormation CLI with its Java plugin (pip install cloudformation-cli cloudformation-cli-java-plugin) or set CFN=/path/to/cfn"
command -v git >/dev/null || fail "git is needed to see whether cfn generate changed tracked files"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || fail "$root is not a git checkout; the no-op check of cfn generate needs one"

logs="$root/target/cfn-roundtrip"
mkdir -p "$logs"
# The CLI is Python; keep it from writing bytecode next to its own code (that directory may be read-only).
export PYTHONDONTWRITEBYTECODE=1

run_cfn() { # step name, cfn arguments...
  local step="$1"; shift
  if ! "${cfn[@]}" "$@" >"$logs/$step.log" 2>&1 </dev/null; then
    tail -n 40 "$logs/$step.log" >&2
    fail "cfn $* exited non-zero (full output: $logs/$step.log)"
  fi
}

echo "cfn-roundtrip: using $("${cfn[@]}" --version 2>&1 </dev/null | tail -n 1) (${cfn[*]})"

# 1. validate
run_cfn validate validate
echo "cfn-roundtrip: validate: ok"

# 2. generate is a no-op on the committed tree
state() { git status --porcelain=v1 --untracked-files=all; git diff HEAD --binary | sha256sum; }
before="$(state)"
target_schema="target-schemas/aws-lambda-function.json"
[ -f "$target_schema" ] || fail "$target_schema is missing (the AWS::Lambda::Function registry schema generate needs)"
run_cfn generate generate --local-only --target-schemas "$target_schema"
after="$(state)"
if [ "$before" != "$after" ]; then
  git status --short >&2
  git diff --stat >&2
  fail "cfn generate changed files the repository tracks (shown above): run it, review the change and commit docs/ and hook-role.yaml as it renders them"
fi
echo "cfn-roundtrip: generate: ok, no tracked file changed"

# 3. the jar cfn submit uploads
hook_jars() { find target -maxdepth 1 -type f -name 'lambda-tracing-hook-*.jar' | sort; }
jars="$(hook_jars)"
stale=""
if [ -z "$jars" ]; then
  stale="no target/lambda-tracing-hook-*.jar"
elif [ "$(printf '%s\n' "$jars" | wc -l)" -eq 1 ] \
     && [ -n "$(find pom.xml lambda-tracing-hook.json target-schemas src/main rules -newer "$jars" -type f -print -quit)" ]; then
  stale="$jars is older than the sources"
fi
if [ -n "$stale" ]; then
  command -v mvn >/dev/null || fail "$stale, and Maven is not installed to build it"
  echo "cfn-roundtrip: $stale: mvn -DskipTests package ..."
  mvn -q -B -DskipTests package >"$logs/mvn-package.log" 2>&1 \
    || { tail -n 40 "$logs/mvn-package.log" >&2; fail "mvn package failed (full output: $logs/mvn-package.log)"; }
  jars="$(hook_jars)"
fi
count="$(printf '%s' "$jars" | grep -c . || true)"
[ "$count" -eq 1 ] || fail "target/ holds $count jars matching lambda-tracing-hook-*.jar (cfn submit needs exactly one): $(echo $jars)"
echo "cfn-roundtrip: jar: $jars"

# 4. package as cfn submit would, without uploading
zip="lambda-tracing-hook.zip"
rm -f "$zip"
run_cfn submit submit --dry-run
[ -f "$zip" ] || fail "cfn submit --dry-run wrote no $zip"

# 5. what the package holds
entries="$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$zip")" \
  || fail "$zip is not a readable zip"
for required in schema.json configuration-schema.json .rpdk-config; do
  grep -qxF "$required" <<<"$entries" || fail "$zip lacks $required"
done
grep -q '^inputs/.' <<<"$entries" || fail "$zip lacks inputs/ (the cfn test inputs)"
zip_jars="$(grep '\.jar$' <<<"$entries" || true)"
[ "$(printf '%s' "$zip_jars" | grep -c . || true)" -eq 1 ] || fail "$zip must hold exactly one jar, holds: $(echo $zip_jars)"
[ "$zip_jars" = "$jars" ] || fail "$zip holds $zip_jars, expected $jars"
echo "cfn-roundtrip: submit --dry-run: ok, $zip holds schema.json, configuration-schema.json, .rpdk-config, $(grep -c '^inputs/.' <<<"$entries") inputs/ files and $zip_jars"
echo "cfn-roundtrip: passed"
