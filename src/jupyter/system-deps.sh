#!/usr/bin/env bash
# Installs the system packages the course needs from Debian when they are missing: Jupyter
# (nbconvert + nbclient to execute notebooks, Notebook 6 for `npm start`), Chromium for the
# browser test, and a CJK font (Noto CJK) when fontconfig knows none, so that the Chinese
# notebooks' text and figure labels show glyphs rather than empty boxes in the browser and in
# screenshots. Does nothing when they are present; needs root (or sudo) to install.
set -euo pipefail
packages=(jupyter-nbconvert python3-nbclient jupyter-notebook chromium fonts-noto-cjk)
missing=()
/usr/bin/python3 -c "import nbclient, nbconvert, nbformat" 2>/dev/null || missing+=(jupyter-nbconvert python3-nbclient)
/usr/bin/python3 -c "import notebook" 2>/dev/null || missing+=(jupyter-notebook)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# fc-list comes with fontconfig (Chromium depends on it); without it no font is known either.
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh family)" ]; then
  missing+=(fonts-noto-cjk)
fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "system-deps: Jupyter, Chromium and a CJK font are installed"
  exit 0
fi
echo "system-deps: installing ${missing[*]} (from Debian)"
if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1; then
  run=(sudo)
else
  echo "system-deps: not root and no sudo; as root run: apt-get update && apt-get install -y ${packages[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: apt-get not found; install Jupyter (nbconvert, nbclient, notebook 6), Chromium and a CJK font (Noto CJK) with your system's package manager" >&2
  exit 1
fi
"${run[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
echo "system-deps: done"
