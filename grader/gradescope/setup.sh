#!/usr/bin/env bash
# Gradescope autograder setup (runs once when the image is built). Gradescope unpacks the
# uploaded autograder.zip into /autograder/source; this installs Node.js and the course there.
# Build the zip from the instructor's course folder with:  bash grader/gradescope/make-autograder.sh
set -euo pipefail
cd /autograder/source
if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  apt-get update -qq
  apt-get install -y -qq ca-certificates curl gnupg >/dev/null
  # Node.js 22 LTS from NodeSource (Gradescope's base images are Ubuntu).
  curl -fsSL https://deb.nodesource.com/setup_22.x | bash -
  apt-get install -y -qq nodejs >/dev/null
fi
npm ci --no-audit --no-fund
npm run build
