package fanout

import (
	"io"
	"strings"
	"testing"
)

// BenchmarkPrefixedLines is the cost per line of a chatty command in Lines
// mode: cut into lines, prefixed, written under the screen's lock. Each
// write holds 64 KiB, as a pipe read does.
func BenchmarkPrefixedLines(b *testing.B) {
	ts := []Target{{Name: "prod-core/ReadOnly"}}
	r := &runner{targets: ts, opts: Options{Mode: Lines}, prefixes: prefixes(ts, true),
		screen: &screen{out: [2]io.Writer{io.Discard, io.Discard}}}
	o := &targetOutput{r: r}
	w := &lineWriter{emit: func(l []byte) { o.line(stdout, l) }}
	chunk := []byte(strings.Repeat("2026-12-03 11:00:00 s3://bucket/some/key/of-a-typical-length.json  1234\n", 64<<10/73))
	lines := strings.Count(string(chunk), "\n")
	b.SetBytes(int64(len(chunk)))
	for b.Loop() {
		w.Write(chunk)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*lines), "ns/line")
}
