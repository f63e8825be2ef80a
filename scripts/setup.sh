#!/usr/bin/env bash
# One-step set-up on a fresh Debian machine (run as root, or with sudo available):
# system packages (Apertium, Jekyll + polyglot, Hugo, Node), Eleventy and Docusaurus from npm, a virtualenv in .venv with blogbabel
# and its test extras, then the main job on the bundled example site.
#   bash scripts/setup.sh            # everything, then the example build
#   SKIP_EXAMPLE=1 bash scripts/setup.sh   # set-up only (what .ci/run uses)
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
APT_UPDATED=0
# apt_install WHAT PACKAGE...: installs the Debian packages not installed yet (one apt-get update a run)
apt_install() {
  local what="$1" pkg missing=()
  shift
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> installing Debian packages for $what: ${missing[*]}"
  if [ "$APT_UPDATED" = 0 ]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

apt_install "the engines and generators" apertium apertium-eng-spa jekyll ruby-jekyll-polyglot hugo git
# Headless Chromium for the review report's browser tests (tests/test_review_browser.py),
# with fonts for its screenshots (text and emoji).
apt_install "the review's browser tests" chromium fonts-dejavu-core fonts-liberation fonts-noto-color-emoji
# gettext (msgfmt): the tests check every PO file `blogbabel export` writes with msgfmt --check.
apt_install "the PO checks" gettext

# --- Node generators (Eleventy, Docusaurus) for the page-checker tests -------------------------
# Node and npm from Debian (skipped when a node/npm is already on PATH), then the versions pinned in
# tools/node/package-lock.json into tools/node/node_modules (gitignored). The install is skipped when
# the tree was installed from this very lock file (a copy of it is kept as the stamp). `npm install`
# rather than `npm ci`: the lock holds only the platform packages the registry serves here (e.g.
# @swc/html-linux-x64-gnu), and `npm ci` refuses a lock without every optional platform package;
# `npm install` installs the pinned versions and leaves the lock as it is.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install "the Node generators" nodejs npm
fi
if ! cmp -s tools/node/package-lock.json tools/node/node_modules/.installed-from-lock 2>/dev/null; then
  echo "==> installing Eleventy and Docusaurus (tools/node, pinned by package-lock.json)"
  (cd tools/node && npm install --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-from-lock)
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
echo "==> installing blogbabel and its test extras into .venv"
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'

# LibreTranslate 1.9.6 in a virtualenv of its own (.venv-libretranslate), for the tests and
# benchmarks of the libretranslate backend: its pinned Flask/requests/numpy stack must not meet
# blogbabel's. It needs no torch: it depends on argos-translate-lt and ctranslate2 (~590 MB).
# Tests start it through scripts/libretranslate_offline.py on 127.0.0.1 with tiny packages.
LT_VERSION=1.9.6
if ! .venv-libretranslate/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('libretranslate') != '$LT_VERSION')" 2>/dev/null; then
  echo "==> installing LibreTranslate $LT_VERSION into .venv-libretranslate"
  [ -x .venv-libretranslate/bin/python ] || "$PYTHON" -m venv .venv-libretranslate
  .venv-libretranslate/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv-libretranslate/bin/python -m pip install -q "libretranslate==$LT_VERSION"
fi

if [ "${SKIP_EXAMPLE:-0}" != "1" ]; then
  exec bash scripts/example.sh
fi
