#!/usr/bin/env bash
# Whole-process timings for BENCHMARKS.md, with hyperfine (Debian's package).
# Needs: hyperfine, fzf, /usr/bin/aws. Uses only temporary files and the
# built-in fake AWS on 127.0.0.1; never the real ~/.aws.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'kill "${demo_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

# The release build: static (CGO_ENABLED=0 skips the dynamic loader, ~0.5 ms
# a run), as the README recommends installing it: the fast front and the
# engine side by side in bin/. one/switchrole is the whole program in one
# binary (the root package), for comparison.
mkdir -p "$work/bin" "$work/one"
CGO_ENABLED=0 go build -trimpath -o "$work/bin/" ./cmd/switchrole ./cmd/switchrole-engine
CGO_ENABLED=0 go build -trimpath -o "$work/one/switchrole" .
CGO_ENABLED=0 go build -trimpath -o "$work/startfloor" ./tools/startfloor
printf 'package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString("hi\\n") }\n' > "$work/hello.go"
CGO_ENABLED=0 go build -trimpath -o "$work/hello" "$work/hello.go"
sr="$work/bin/switchrole"
one="$work/one/switchrole"
export HOME="$work/home" AWS_MAX_ATTEMPTS=1 AWS_EC2_METADATA_DISABLED=true
mkdir -p "$HOME"

# medians prints the median and quartiles of each command in a hyperfine
# JSON export, with the temporary directory's path cut out.
medians() {
  python3 - "$work" "$1" <<'PY'
import json, sys
work, export = sys.argv[1], sys.argv[2]
for r in json.load(open(export))["results"]:
    t = sorted(r["times"])
    cmd = r["command"].replace(work + "/", "")
    print(f"median {r['median']*1e3:6.2f} ms  p25 {t[len(t)//4]*1e3:5.2f}  p75 {t[3*len(t)//4]*1e3:5.2f}  {cmd}")
PY
}

echo "## machine"
echo "$(nproc) cores, $(free -h | awk '/Mem:/{print $2}') RAM, $(uname -r), $(go version | awk '{print $3}')"
grep -m1 'model name' /proc/cpuinfo || true
uptime

echo "## list --filter over 100,000 targets vs fzf --filter"
go run ./tools/genconfig -accounts 2000 -roles 50 > "$work/big.toml"
go run ./tools/genconfig -names -accounts 2000 -roles 50 > "$work/names.txt"
printf '[profile jump]\naws_access_key_id = AKIAEXAMPLEEXAMPLE00\naws_secret_access_key = x\n' > "$work/aws-config"
export AWS_CONFIG_FILE="$work/aws-config" AWS_SHARED_CREDENTIALS_FILE=/dev/null
"$sr" --config "$work/big.toml" list --filter prdadm | head -3 || true
fzf --filter prdadm < "$work/names.txt" | head -3 || true
# Both through sh -c so that each pays the same shell start-up.
hyperfine --warmup 3 --runs 30 \
  "$sr --config $work/big.toml list --filter prdadm" \
  "$one --config $work/big.toml list --filter prdadm" \
  "$sr --config $work/big.toml list --filter zzqqxx" \
  "fzf --filter prdadm < $work/names.txt"
hyperfine -N --warmup 3 --runs 30 "$sr --config $work/big.toml list --json"
unset AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE

echo "## warm-cache credential-process / exec against the demo"
"$sr" demo --serve > "$work/demo.env" 2> "$work/demo.err" &
demo_pid=$!
for _ in $(seq 50); do grep -q 'MFA code' "$work/demo.err" 2>/dev/null && break; sleep 0.1; done
set -a; . "$work/demo.env"; set +a
code=$(grep 'MFA code' "$work/demo.err" | tail -1 | awk '{print $NF}')
"$sr" env prod-core/ReadOnly --mfa-code "$code" > /dev/null
printf '\n[profile cp]\ncredential_process = %s credential-process prod-core/ReadOnly\nregion = us-east-1\n' "$sr" >> "$AWS_CONFIG_FILE"
hyperfine -N --warmup 20 --runs 300 --export-json "$work/warm.json" \
  "$sr credential-process prod-core/ReadOnly" \
  "$sr exec prod-core/ReadOnly -- true" \
  "$one credential-process prod-core/ReadOnly" \
  "$one exec prod-core/ReadOnly -- true" \
  "$one version" \
  "$work/startfloor" \
  "$work/hello" \
  /bin/true
# The issue's measure is the median: print it (and the quartile) for each.
medians "$work/warm.json"
if [ -x /usr/bin/aws ]; then
  hyperfine -N --warmup 2 --runs 10 "/usr/bin/aws configure export-credentials --profile cp"
fi

echo "## warm calls at any size: a 10,000-profile ~/.aws/config against a 2-profile one"
# Both files hold demo-jump and the profile bench-target (a demo role); the
# large one also 10,000 generated role profiles (tools/genconfig -aws). The
# engine records a warm call's shortcut only for files older than 2 s.
demo_config=$AWS_CONFIG_FILE
printf '\n[profile bench-target]\nrole_arn = arn:aws:iam::210000000001:role/ReadOnly\nsource_profile = demo-jump\nregion = us-east-1\n' > "$work/target.ini"
cat "$demo_config" "$work/target.ini" > "$work/aws-2"
{ go run ./tools/genconfig -aws -profiles 10000 | sed "s/ jump\]/ gen-jump]/; s/= jump\$/= gen-jump/"; cat "$demo_config" "$work/target.ini"; } > "$work/aws-10k"
touch -d '1 hour ago' "$work/aws-2" "$work/aws-10k" "$SWITCHROLE_CONFIG" "$AWS_SHARED_CREDENTIALS_FILE"
wc -lc "$work/aws-10k"
for f in aws-2 aws-10k; do
  AWS_CONFIG_FILE="$work/$f" "$sr" credential-process bench-target --mfa-code "$code" > /dev/null
done
# Through env(1) on every side, so that each sets AWS_CONFIG_FILE the same way.
hyperfine -N --warmup 20 --runs 300 --export-json "$work/size.json" \
  "env AWS_CONFIG_FILE=$work/aws-2 $sr credential-process bench-target" \
  "env AWS_CONFIG_FILE=$work/aws-10k $sr credential-process bench-target" \
  "env AWS_CONFIG_FILE=$work/aws-2 $one credential-process bench-target" \
  "env AWS_CONFIG_FILE=$work/aws-10k $one credential-process bench-target" \
  "env AWS_CONFIG_FILE=$work/aws-10k $sr exec bench-target -- true" \
  "env AWS_CONFIG_FILE=$work/aws-2 $work/hello"
medians "$work/size.json"

# The same, interleaved (each command in turn, 300 rounds).
python3 scripts/interleave.py 300 \
  "$work/hello" \
  "AWS_CONFIG_FILE=$work/aws-2 $sr credential-process bench-target" \
  "AWS_CONFIG_FILE=$work/aws-10k $sr credential-process bench-target" \
  "AWS_CONFIG_FILE=$work/aws-2 $one credential-process bench-target" \
  "AWS_CONFIG_FILE=$work/aws-10k $one credential-process bench-target"

echo "## the front's hand-over: the front then the engine, against the engine alone"
# version: nothing but the hand-over; --mfa-code (a flag the front leaves to
# the engine): the hand-over, then the engine's full load and a cache hit.
hyperfine -N --warmup 10 --runs 200 \
  "$sr version" "$work/bin/switchrole-engine version" \
  "env AWS_CONFIG_FILE=$work/aws-10k $sr credential-process bench-target --mfa-code 000000" \
  "env AWS_CONFIG_FILE=$work/aws-10k $work/bin/switchrole-engine credential-process bench-target --mfa-code 000000"
