#!/usr/bin/env bash
# Packs the course (with its hidden cases: this zip is for Gradescope, never for students)
# into build/gradescope/autograder.zip for upload as a Gradescope programming assignment.
# `--lang zh` makes the autograder write its feedback in Chinese (default: en); the choice is
# stored in the zip as feedback-language, which run_autograder reads.
set -euo pipefail
lang=en
while [ $# -gt 0 ]; do
  case "$1" in
    --lang) lang="${2:-}"; shift 2 || shift ;;
    --lang=*) lang="${1#--lang=}"; shift ;;
    *) echo "make-autograder.sh: unknown argument '$1' (usage: make-autograder.sh [--lang en|zh])" >&2; exit 2 ;;
  esac
done
case "$lang" in
  en|zh) ;;
  *) echo "make-autograder.sh: --lang must be one of en, zh (got '$lang')" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/../.."
out=build/gradescope
rm -rf "$out" && mkdir -p "$out/stage"
cp -r package.json package-lock.json tsconfig.json src grader exercises notebooks "$out/stage/"
cp grader/gradescope/setup.sh grader/gradescope/run_autograder "$out/stage/"
echo "$lang" > "$out/stage/feedback-language"
chmod +x "$out/stage/setup.sh" "$out/stage/run_autograder"
(cd "$out/stage" && /usr/bin/python3 -c "
import os, zipfile
with zipfile.ZipFile('../autograder.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    for d, _, fs in os.walk('.'):
        for f in fs:
            p = os.path.join(d, f)
            z.write(p, os.path.relpath(p, '.'))
")
rm -rf "$out/stage"
echo "wrote $out/autograder.zip (feedback in $lang)"
