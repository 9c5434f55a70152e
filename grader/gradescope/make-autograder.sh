#!/usr/bin/env bash
# Packs the course (with its hidden cases: this zip is for Gradescope, never for students)
# into build/gradescope/autograder.zip for upload as a Gradescope programming assignment.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=build/gradescope
rm -rf "$out" && mkdir -p "$out/stage"
cp -r package.json package-lock.json tsconfig.json src grader exercises notebooks "$out/stage/"
cp grader/gradescope/setup.sh grader/gradescope/run_autograder "$out/stage/"
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
echo "wrote $out/autograder.zip"
