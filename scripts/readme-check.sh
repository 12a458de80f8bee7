#!/usr/bin/env bash
# Runs every shell example of the README's "Commands", "Using the
# credentials" and "The console" sections, as written, against the demo's
# fake AWS (`switchrole demo --serve`), with the installed pair (front and
# engine) first on PATH. Each line runs in a terminal (script(1)) whose
# keyboard types the demo's current MFA code, then `exit 0` for any shell the
# line opens; a line ending in `| source` runs in fish. A browser stub
# records what `console` would open. Nothing touches ~/.aws or the network:
# an `aws` wrapper passes --endpoint-url "$AWS_ENDPOINT_URL_STS" to the real
# AWS CLI v2, whose releases before 2.13 ignore that variable. The prompt
# snippets ("### Your prompt") are configuration, not commands, and are not run.
# The "### IAM Identity Center" examples sign in to the demo's own Identity
# Center, whose fake approves its sign-in page (the browser stub visits it).
# The keyring is the file backend with a fixed passphrase, so that no line
# reaches a real Secret Service or Keychain.
#
# The set-up commands are checked elsewhere: `go run . demo` by e2e's tmux
# tests (TestDemoShellRunsWhatTheDemoSuggests), `go test` by CI itself;
# `go install ...@latest` needs the network and is left out.
#
# Usage: scripts/readme-check.sh [README.md]   (exit 1 names each failing line)
set -euo pipefail
cd "$(dirname "$0")/.."
readme=${1:-README.md}
work=$(mktemp -d)
cleanup() {
  [ -n "${SWITCHROLE_DEMO_PID:-}" ] && kill "$SWITCHROLE_DEMO_PID" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/bin" "$work/home" "$work/run"
go build -o "$work/bin/" ./cmd/switchrole ./cmd/switchrole-engine
printf '#!/bin/sh\nprintf "%%s\\n" "$1" >> "%s/opened"\ncase "$1" in http://127.0.0.1:*/authorize*) curl -sL -o /dev/null "$1";; esac\n' "$work" > "$work/bin/browser"
chmod +x "$work/bin/browser"
real_aws=/usr/bin/aws  # the AWS CLI v2 (a pyenv v1 may shadow `aws` on PATH)
printf '#!/bin/sh
if [ "$1" = sts ]; then exec %s --endpoint-url "$AWS_ENDPOINT_URL_STS" "$@"; fi
echo "readme-check: only sts calls reach the demo" >&2; exit 1
' "$real_aws" > "$work/bin/aws"
chmod +x "$work/bin/aws"

export HOME="$work/home" PATH="$work/bin:$PATH" BROWSER="$work/bin/browser" SHELL=/bin/sh TERM=dumb
export AWS_MAX_ATTEMPTS=1 AWS_EC2_METADATA_DISABLED=true
export SWITCHROLE_KEYRING_BACKEND=file SWITCHROLE_KEYRING_PASSPHRASE=readme-check
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN SWITCHROLE_SHELL SWITCHROLE_TARGET
eval "$(switchrole demo --serve 2>"$work/serve.err" &)"

code() { grep -o '[0-9]\{6\}$' "$work/serve.err" | tail -1; }

# The sh blocks of the checked sections, one command a line, comments cut.
examples=$(awk '
  /^## / { section = substr($0, 4); sub_ = "" }
  /^### / { sub_ = substr($0, 5) }
  /^```/ { if (inblock) { inblock = 0; next } if ($0 == "```sh" && (section == "Commands" || section == "Using the credentials" || section == "The console") && sub_ != "Your prompt") inblock = 1; next }
  inblock && NF { sub(/[ \t][ \t]+#.*$/, ""); print }
' "$readme")

failed=0
n=0
while IFS= read -r line; do
  n=$((n + 1))
  log="$work/run/$n.log"
  if [[ "$line" == *"| source" ]]; then
    (cd "$work/run" && fish -c "$line" </dev/null >"$log" 2>&1) && ok=1 || ok=0
  else
    cmd="bash -c $(printf '%q' "$line")"
    (cd "$work/run" && printf '%s\nexit 0\n' "$(code)" | script -qec "$cmd" /dev/null >"$log" 2>&1) && ok=1 || ok=0
  fi
  if [ "$ok" = 1 ]; then
    echo "ok    $line"
  else
    echo "FAIL  $line"; sed 's/^/      /' "$log"; failed=1
  fi
done <<< "$examples"
[ "$n" -gt 5 ] || { echo "readme-check: found only $n examples in $readme"; exit 1; }
exit "$failed"
