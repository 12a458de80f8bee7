package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// fleetCommand is what every target runs in the at-scale checks: it waits
// (the 1 s of a real AWS CLI call), then writes a long line in pieces so
// that a torn or mixed line would show.
const fleetCommand = `sleep "$WAIT"; printf '%s ' "$SWITCHROLE_TARGET"; printf 'x%.0s' $(seq 500); echo " end"`

// checkFleetOutput fails unless every one of n targets wrote its line
// whole, after its own prefix.
func checkFleetOutput(tb testing.TB, stdout string, n int) {
	tb.Helper()
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != n {
		tb.Fatalf("%d lines, want %d", len(lines), n)
	}
	body := strings.Repeat("x", 500) + " end"
	for _, l := range lines {
		name, rest, ok := strings.Cut(l, " | ")
		name = strings.TrimSpace(name)
		if !ok || rest != name+" "+body {
			tb.Fatalf("torn or mixed line %q", l[:min(len(l), 120)])
		}
	}
}

// TestExecEach50TargetsOneCallEach is the scale: 50 targets, one
// GetSessionToken for all and one AssumeRole per target.
func TestExecEach50TargetsOneCallEach(t *testing.T) {
	w := newWorld(t)
	w.manyAccounts(50, false)
	w.setenv("WAIT", "0")
	r := w.mustRun("", "exec", "--each", "fleet", "--yes", "--mfa-code", w.code(), "--", "sh", "-c", fleetCommand)
	checkFleetOutput(t, r.stdout, 50)
	if n := w.env.Server.Calls("GetSessionToken"); n != 1 {
		t.Errorf("GetSessionToken called %d times, want 1", n)
	}
	if n := w.env.Server.Calls("AssumeRole"); n != 50 {
		t.Errorf("AssumeRole called %d times, want 50", n)
	}
}

// BenchmarkExecEach50Targets runs a 1 s command on 50 targets, 10 and 50
// at a time, from a cold cache (one GetSessionToken, 50 AssumeRole):
// ideally 5 s and 1 s. overhead-s is the rest: switchrole's start, the STS
// calls that run ahead of the commands, the children's start, the summary.
func BenchmarkExecEach50Targets(b *testing.B) {
	const n = 50
	w := newWorld(b)
	w.manyAccounts(n, false)
	w.setenv("WAIT", "1")
	code := w.code()
	for _, parallel := range []int{10, 50} {
		b.Run(fmt.Sprintf("parallel=%d", parallel), func(b *testing.B) {
			var total time.Duration
			for b.Loop() {
				b.StopTimer()
				w.mustRun("", "clear")
				sessions, roles := w.env.Server.Calls("GetSessionToken"), w.env.Server.Calls("AssumeRole")
				b.StartTimer()
				start := time.Now()
				r := w.mustRun("", "exec", "--each", "fleet", "--yes", "--parallel", fmt.Sprint(parallel), "--mfa-code", code, "--", "sh", "-c", fleetCommand)
				total += time.Since(start)
				b.StopTimer()
				checkFleetOutput(b, r.stdout, n)
				if got := w.env.Server.Calls("GetSessionToken") - sessions; got != 1 {
					b.Fatalf("GetSessionToken called %d times, want 1", got)
				}
				if got := w.env.Server.Calls("AssumeRole") - roles; got != n {
					b.Fatalf("AssumeRole called %d times, want %d", got, n)
				}
				b.StartTimer()
			}
			ideal := time.Duration(n/parallel) * time.Second
			b.ReportMetric((total/time.Duration(b.N) - ideal).Seconds(), "overhead-s")
		})
	}
}
