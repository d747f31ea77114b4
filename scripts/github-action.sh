#!/usr/bin/env bash
# The GitHub Action's run step (action.yml): runs the kit against the inputs' target, appends summary.md to the job's
# step summary, and hands the exit code on as the step output exit-code instead of failing at once, so that the report
# is uploaded whatever the verdict; the action's last step fails the job on 1 or 2.
# Inputs come as environment variables: INPUT_TARGET (required), INPUT_PATTERNS, INPUT_CONFIG, INPUT_ARGS, INPUT_OUT,
# and COMMTCK_JAR, the kit's jar. GITHUB_STEP_SUMMARY and GITHUB_OUTPUT are the files GitHub gives every step.
set -uo pipefail
: "${COMMTCK_JAR:?COMMTCK_JAR must name the jar of the kit}"
: "${GITHUB_STEP_SUMMARY:?not running as a GitHub Actions step (GITHUB_STEP_SUMMARY is not set)}"
: "${GITHUB_OUTPUT:?not running as a GitHub Actions step (GITHUB_OUTPUT is not set)}"
out=${INPUT_OUT:-commtck-report}
args=(run --out "$out")
[ -n "${INPUT_TARGET:-}" ] && args+=(--target "$INPUT_TARGET")
[ -n "${INPUT_PATTERNS:-}" ] && args+=(--patterns "$INPUT_PATTERNS")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
if [ -n "${INPUT_ARGS:-}" ]; then
  read -r -a extra <<<"$INPUT_ARGS"   # words only: a value with spaces belongs in the config file
  args+=("${extra[@]}")
fi
java -jar "$COMMTCK_JAR" "${args[@]}"
code=$?
if [ -f "$out/summary.md" ]; then
  cat "$out/summary.md" >>"$GITHUB_STEP_SUMMARY"
else
  printf '## CommTCK\n\nThe run could not be evaluated (exit %s): see the step log.\n' "$code" >>"$GITHUB_STEP_SUMMARY"
fi
echo "exit-code=$code" >>"$GITHUB_OUTPUT"
echo "report=$out" >>"$GITHUB_OUTPUT"
