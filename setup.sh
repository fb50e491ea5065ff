#!/usr/bin/env bash
# Set up wikisync on a fresh Debian machine (Python 3.11+, run as root or with sudo).
#
#   bash setup.sh demo   install, start the local wiki, load the sample programme, print URLs
#   bash setup.sh test   install everything the tests need and run the whole test suite
set -euo pipefail
cd "$(dirname "$0")"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

has_build_tools() {
  # The matching kernel is compiled at install: a C compiler and Python's headers.
  command -v cc >/dev/null && python3 -c 'import os, sysconfig
raise SystemExit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'
}

python_venv() {
  if ! python3 -c 'import ensurepip, venv' 2>/dev/null || ! has_build_tools; then
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
      python3-venv build-essential python3-dev
  fi
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
}

debian_packages() {
  # The Debian packages of the local MediaWiki (mediawiki, php-cli, php-sqlite3 ...).
  if [ "$(id -u)" -eq 0 ]; then
    .venv/bin/wikisync devwiki packages --install
  else
    .venv/bin/wikisync devwiki packages || sudo .venv/bin/wikisync devwiki packages --install
  fi
}

case "${1:-}" in
  demo)
    python_venv
    debian_packages
    .venv/bin/wikisync demo
    ;;
  test)
    python_venv
    debian_packages
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
    .venv/bin/mypy
    .venv/bin/pytest -n auto --dist loadscope
    ;;
  *)
    echo "usage: bash setup.sh demo | test" >&2
    exit 2
    ;;
esac
