#!/usr/bin/env bash
# The README's screenshots: pages of the demo as the local wiki renders them, taken by
# headless Chromium. Run it after `bash setup.sh demo` (the demo's wiki must be running):
#
#   bash docs/screenshots.sh
#
# Installs Chromium and the Noto fonts (every script the sample's names use) when missing,
# as root or with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v chromium >/dev/null || ! dpkg -s fonts-noto-core >/dev/null 2>&1; then
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-core
fi

wiki=$(.venv/bin/wikisync devwiki status | awk '$1 == "wiki:" {print $2}')
if [ -z "$wiki" ]; then
  echo "the demo's wiki is not running: bash setup.sh demo" >&2
  exit 1
fi

shot() {  # name, page title (as in a URL), window width,height
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$3" \
    --screenshot="docs/$1.png" "$wiki?title=$2" 2>/dev/null
  echo "docs/$1.png: $wiki?title=$2"
}

shot matches "Let%27s_Connect/Matches" 1400,1000
shot skill "Let%27s_Connect/Skills/Proposal_writing" 1280,1300
shot groups "Let%27s_Connect/Groups" 1280,720
shot statistics "Let%27s_Connect/Statistics" 1280,1000
shot shoptalks "Let%27s_Connect/Shop_talks" 1280,1000
shot shoptalk "Let%27s_Connect/Shop_talks/Budgeting_%C2%B7_Wikimedia_Ghana_User_Group" 1280,1100
shot measurement "Let%27s_Connect/Shared_measurement" 1280,1300
