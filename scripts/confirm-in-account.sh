#!/usr/bin/env bash
# Confirms, in a real AWS account (or any Config-compatible endpoint), that AWS Config presents Lambda functions
# to the rule pack the way the pack assumes.
#
# For every case in rules/tests/<rule>_tests.yaml that carries `cfnProperties` (the CloudFormation
# AWS::Lambda::Function Properties equivalent of the test's configuration-item input), it
#   1. starts a PROACTIVE resource evaluation with those properties (CFN_RESOURCE_SCHEMA),
#   2. polls get-resource-evaluation-summary until the evaluation leaves IN_PROGRESS,
#   3. reads get-compliance-details-by-resource --resource-evaluation-id and takes the verdict of the case's rule
#      (a rule deployed by a conformance pack is named <rule>-conformance-pack-<suffix>),
#   4. compares it with the case's expectation (PASS=COMPLIANT, FAIL=NON_COMPLIANT, SKIP=NOT_APPLICABLE).
# It prints one line per case and exits 1 when any verdict differs from the expectation.
#
# Prerequisite: the pack is deployed in the account and Region with its default parameters, e.g.
#   aws configservice put-conformance-pack --conformance-pack-name lambda-baseline \
#       --template-body file://rules/conformance-pack.yaml
# Nothing is created or changed by this script: proactive evaluations only evaluate the properties they are given.
#
# Needs bash and the AWS CLI v2 only (no jq); inputs are never evaluated as shell code.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/confirm-in-account.sh [options]
  --endpoint-url URL   AWS Config endpoint (passed to aws), e.g. http://127.0.0.1:8080 for `lambda-hook serve`
  --region REGION      AWS Region (passed to aws)
  --profile NAME       AWS CLI profile (passed to aws)
  --rules-dir DIR      rule pack directory (default: the rules/ next to this script)
  --rule NAME          confirm only this rule (repeatable), e.g. --rule lambda-tracing-active
  --timeout SECONDS    how long to wait for one evaluation (default 120)
  --role-arn ARN       Role property added to every case that has none
                       (default arn:aws:iam::123456789012:role/lambda-hook-confirm; Config does not resolve it)
  --dry-run            print the resource configuration of every case, call nothing
  -h, --help           this text
Exit status: 0 all verdicts as expected, 1 at least one mismatch or failed evaluation, 2 bad usage.
EOF
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rules_dir="$root/rules"
timeout=120
poll_interval=2
dry_run=0
role_arn="arn:aws:iam::123456789012:role/lambda-hook-confirm"
aws_opts=()
only_rules=()

while [ $# -gt 0 ]; do
  case "$1" in
    --endpoint-url|--region|--profile)
      [ $# -ge 2 ] && [ -n "$2" ] || { echo "confirm-in-account: $1 needs a value" >&2; exit 2; }
      aws_opts+=("$1" "$2"); shift 2 ;;
    --rules-dir)
      [ $# -ge 2 ] || { echo "confirm-in-account: --rules-dir needs a value" >&2; exit 2; }
      rules_dir="$2"; shift 2 ;;
    --rule)
      [ $# -ge 2 ] && [[ "$2" =~ ^[a-z0-9-]+$ ]] || { echo "confirm-in-account: --rule needs a rule name" >&2; exit 2; }
      only_rules+=("$2"); shift 2 ;;
    --timeout)
      [ $# -ge 2 ] && [[ "$2" =~ ^[0-9]+$ ]] || { echo "confirm-in-account: --timeout needs seconds" >&2; exit 2; }
      timeout="$2"; shift 2 ;;
    --role-arn)
      [ $# -ge 2 ] && [[ "$2" =~ ^arn:[A-Za-z0-9:/_+=,.@-]+$ ]] || { echo "confirm-in-account: --role-arn needs an ARN" >&2; exit 2; }
      role_arn="$2"; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "confirm-in-account: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

[ -d "$rules_dir/tests" ] || { echo "confirm-in-account: no $rules_dir/tests directory" >&2; exit 2; }
if [ "$dry_run" -eq 0 ]; then
  command -v aws >/dev/null || { echo "confirm-in-account: the aws CLI is not installed" >&2; exit 2; }
fi

awscfg() { aws configservice ${aws_opts[@]+"${aws_opts[@]}"} "$@"; }

# JSON string body for a text (the text is already JSON; only " and \ need escaping to nest it as a string).
json_string() {
  local s="$1"
  s="${s//\\/\\\\}"
  s="${s//\"/\\\"}"
  printf '%s' "$s"
}

# The fixture plus the properties the CloudFormation schema requires (Role, Code) when the fixture lacks them.
resource_configuration() {
  local props="$1" extra="" inner
  [[ "$props" == *'"Role"'* ]] || extra="\"Role\":\"$role_arn\""
  if [[ "$props" != *'"Code"'* ]]; then
    [ -n "$extra" ] && extra="$extra,"
    extra="$extra\"Code\":{\"ZipFile\":\"exports.handler = async () => null;\"}"
  fi
  inner="${props#\{}"
  inner="${inner%\}}"
  if [ -z "$extra" ]; then
    printf '{%s}' "$inner"
  elif [[ "$inner" =~ ^[[:space:]]*$ ]]; then
    printf '{%s}' "$extra"
  else
    printf '{%s,%s}' "$extra" "$inner"
  fi
}

compliance_for() {
  case "$1" in
    PASS) echo COMPLIANT ;;
    FAIL) echo NON_COMPLIANT ;;
    SKIP) echo NOT_APPLICABLE ;;
    *) echo "?" ;;
  esac
}

wanted() {
  local r
  [ ${#only_rules[@]} -eq 0 ] && return 0
  for r in ${only_rules[@]+"${only_rules[@]}"}; do [ "$r" = "$1" ] && return 0; done
  return 1
}

# Collect cases: parallel arrays.
c_rule=(); c_name=(); c_expect=(); c_config=()
skipped=0
shopt -s nullglob
for file in "$rules_dir"/tests/*_tests.yaml; do
  base="$(basename "$file")"
  rule="${base%_tests.yaml}"
  wanted "$rule" || continue
  guard_rule="${rule//-/_}"
  name="" props="" expect=""
  flush() {
    if [ -n "$name" ]; then
      if [ -n "$props" ] && [ -n "$expect" ]; then
        c_rule+=("$rule"); c_name+=("$name"); c_expect+=("$expect"); c_config+=("$(resource_configuration "$props")")
      else
        skipped=$((skipped + 1))
      fi
    fi
  }
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%$'\r'}"
    if [[ "$line" =~ ^-[[:space:]]+name:[[:space:]]*(.*)$ ]]; then
      flush
      name="${BASH_REMATCH[1]}"; name="${name#\"}"; name="${name%\"}"; name="${name#\'}"; name="${name%\'}"
      props="" expect=""
    elif [[ "$line" =~ ^[[:space:]]+cfnProperties:[[:space:]]*\'(.*)\'[[:space:]]*$ ]]; then
      props="${BASH_REMATCH[1]//\'\'/\'}"
    elif [[ "$line" =~ ^[[:space:]]+${guard_rule}:[[:space:]]*(PASS|FAIL|SKIP)[[:space:]]*$ ]]; then
      expect="${BASH_REMATCH[1]}"
    fi
  done < "$file"
  flush
done

total=${#c_rule[@]}
if [ "$total" -eq 0 ]; then
  echo "confirm-in-account: no test case with cfnProperties found in $rules_dir/tests" >&2
  exit 2
fi

if [ "$dry_run" -eq 1 ]; then
  for i in "${!c_rule[@]}"; do
    printf '%s\t%s\t%s\t%s\n' "${c_rule[$i]}" "${c_expect[$i]}" "${c_name[$i]}" "${c_config[$i]}"
  done
  echo "# $total cases, $skipped without cfnProperties" >&2
  exit 0
fi

# Phase 1: start every evaluation.
run_id="$(date +%s)-$$"
err_file="$(mktemp)"
trap 'rm -f "$err_file"' EXIT
c_eval=()
for i in "${!c_rule[@]}"; do
  rid="confirm-${c_rule[$i]}-$i"
  details="{\"ResourceId\":\"$rid\",\"ResourceType\":\"AWS::Lambda::Function\",\"ResourceConfiguration\":\"$(json_string "${c_config[$i]}")\",\"ResourceConfigurationSchemaType\":\"CFN_RESOURCE_SCHEMA\"}"
  if id="$(awscfg start-resource-evaluation --evaluation-mode PROACTIVE --evaluation-timeout "$timeout" \
        --client-token "lambda-hook-confirm-$run_id-$i-0000000000000000000000000000000000000000" \
        --resource-details "$details" --query ResourceEvaluationId --output text 2>"$err_file")"; then
    c_eval+=("$id")
  else
    c_eval+=("ERROR: $(tr '\n' ' ' < "$err_file" | cut -c1-160)")
  fi
done

# Phase 2: wait for each evaluation and compare the rule's verdict.
mismatches=0
printf '%-32s %-8s %-16s %-16s %s\n' RULE RESULT EXPECTED CONFIG CASE
for i in "${!c_rule[@]}"; do
  rule="${c_rule[$i]}"
  expected="$(compliance_for "${c_expect[$i]}")"
  id="${c_eval[$i]}"
  actual=""
  if [[ "$id" == ERROR:* ]]; then
    actual="$id"
  else
    deadline=$((SECONDS + timeout))
    status="IN_PROGRESS"
    while :; do
      status="$(awscfg get-resource-evaluation-summary --resource-evaluation-id "$id" \
                  --query EvaluationStatus.Status --output text 2>/dev/null || echo ERROR)"
      [ "$status" != "IN_PROGRESS" ] && break
      [ "$SECONDS" -ge "$deadline" ] && { status="TIMED_OUT"; break; }
      sleep "$poll_interval"
    done
    if [ "$status" != "SUCCEEDED" ]; then
      actual="EVALUATION_$status"
    else
      actual="NO_RESULT"
      while IFS=$'\t' read -r config_rule compliance; do
        if [ "$config_rule" = "$rule" ] || [[ "$config_rule" == "$rule-conformance-pack-"* ]]; then
          actual="$compliance"
        fi
      done < <(awscfg get-compliance-details-by-resource --resource-evaluation-id "$id" \
                 --query 'EvaluationResults[].[EvaluationResultIdentifier.EvaluationResultQualifier.ConfigRuleName,ComplianceType]' \
                 --output text 2>/dev/null || true)
    fi
  fi
  if [ "$actual" = "$expected" ]; then
    result=OK
  else
    result=MISMATCH
    mismatches=$((mismatches + 1))
  fi
  printf '%-32s %-8s %-16s %-16s %s\n' "$rule" "$result" "$expected" "$actual" "${c_name[$i]}"
done

echo "$total cases checked, $mismatches mismatched, $skipped skipped (no cfnProperties)."
[ "$mismatches" -eq 0 ]
