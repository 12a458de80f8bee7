package fuzzy

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/switchrole/switchrole/fuzzy/internal/alt"
)

// cpuTime is the process's user+system CPU time so far.
func cpuTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestCPUTimePerQuery prints CPU time per query on 100k targets, a measure
// that, unlike the benchmarks' wall time, holds when other processes load
// the machine. Run with FUZZY_CPUTIME=1 -v.
func TestCPUTimePerQuery(t *testing.T) {
	if os.Getenv("FUZZY_CPUTIME") == "" {
		t.Skip("set FUZZY_CPUTIME=1")
	}
	lines := generated()
	own := New(lines)
	own.noCache = true
	impls := []struct {
		name string
		find func(string) int
	}{
		{"own", func(q string) int { return len(own.Find(q)) }},
		{"own-1cpu", func(q string) int {
			return len(own.rank(own.scanRange(parseQuery(q), nil, false, 0, own.Len(), nil)))
		}},
	}
	if os.Getenv("FUZZY_CPUTIME") == "all" {
		fzf, sah := alt.NewFzfAlgo(lines), alt.NewSahilm(lines)
		impls = append(impls,
			struct {
				name string
				find func(string) int
			}{"fzfalgo", func(q string) int { return len(fzf.Find(q)) }},
			struct {
				name string
				find func(string) int
			}{"sahilm", func(q string) int { return len(sah.Find(q)) }})
	}
	for _, impl := range impls {
		for _, q := range benchQueries {
			impl.find(q)
			const n = 20
			start := cpuTime(t)
			for range n {
				impl.find(q)
			}
			t.Logf("%-9s %-11q %8.2f ms CPU/op", impl.name, q, float64(cpuTime(t)-start)/n/1e6)
		}
	}
}

// TestCPUTimeNew prints what `switchrole list --filter` pays on 100k
// targets: New alone, and New plus the first Find (which computes the
// bonuses of the candidates it scores), in CPU and wall time. Run with
// FUZZY_CPUTIME=1 -v.
func TestCPUTimeNew(t *testing.T) {
	if os.Getenv("FUZZY_CPUTIME") == "" {
		t.Skip("set FUZZY_CPUTIME=1")
	}
	lines := generated()
	for _, query := range []string{"", "prdadm", "p"} {
		New(lines)
		const n = 20
		var cpu, wall time.Duration
		for range n {
			runtime.GC()
			start, startWall := cpuTime(t), time.Now()
			m := New(lines)
			if query != "" {
				m.Find(query)
			}
			cpu += cpuTime(t) - start
			wall += time.Since(startWall)
		}
		name := "New"
		if query != "" {
			name = fmt.Sprintf("New+Find(%q)", query)
		}
		t.Logf("%-18s %6.2f ms CPU/op %6.2f ms wall/op (GOMAXPROCS %d)", name,
			float64(cpu)/n/1e6, float64(wall)/n/1e6, runtime.GOMAXPROCS(0))
	}
}
