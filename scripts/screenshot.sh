#!/usr/bin/env bash
# Renders the picker as docs/picker.png for the README: the real binary runs
# `switchrole demo` in tmux, the screen is captured with its colours, turned
# into HTML by aha and photographed by headless Chromium. Needs tmux, aha and
# chromium (apt-get install -y tmux aha chromium).
#
# It also writes the screen's text to docs/picker.txt (the MFA code and its
# seconds masked): e2e's TestREADMEPictureIsCurrent draws the same screen and
# fails when it differs, so a change to the picker or the demo that makes the
# picture stale is caught, and the fix is to run this script.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
sock="switchrole-shot-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/switchrole" .
tmux -L "$sock" new-session -d -s shot -x 118 -y 24 \
  env -i HOME="$work/home" PATH=/usr/bin:/bin TERM=xterm-256color COLORTERM=truecolor SHELL=/bin/sh LANG=C.UTF-8 \
  "$work/switchrole" demo
for _ in $(seq 100); do tmux -L "$sock" capture-pane -p -t shot | grep -q 'MFA code' && break; sleep 0.1; done
tmux -L "$sock" send-keys -t shot -l "prod"
sleep 1
tmux -L "$sock" capture-pane -e -p -t shot > "$work/screen.ansi"
tmux -L "$sock" capture-pane -p -t shot | sed -E 's/[0-9]{6} \([0-9]+s left\)/NNNNNN (NNs left)/; s/[[:space:]]+$//' > docs/picker.txt

{
  echo '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
  echo 'body{margin:0;background:#1e1e2e;} pre{margin:0;padding:14px 18px;font:15px/1.25 "DejaVu Sans Mono",monospace;color:#d0d0d0;}'
  echo '</style></head><body><pre>'
  aha --no-header --black < "$work/screen.ansi"
  echo '</pre></body></html>'
} > "$work/screen.html"

chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$work/profile" \
  --window-size=1130,500 --screenshot="$work/picker.png" "file://$work/screen.html" 2>/dev/null
cp "$work/picker.png" docs/picker.png
echo "wrote docs/picker.png"
