package fanout

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

// collect is a lineWriter that records what it emits.
func collect() (*lineWriter, *[]string) {
	var got []string
	return &lineWriter{emit: func(l []byte) { got = append(got, string(l)) }}, &got
}

func TestLineWriterCutsWholeLines(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		want   []string
	}{
		{"one line", []string{"a\n"}, []string{"a\n"}},
		{"several in one write", []string{"a\nb\nc\n"}, []string{"a\n", "b\n", "c\n"}},
		{"torn across writes", []string{"he", "ll", "o\nwor", "ld\n"}, []string{"hello\n", "world\n"}},
		{"byte at a time", strings.Split("ab\ncd\n", ""), []string{"ab\n", "cd\n"}},
		{"last line without newline", []string{"a\nunfinished"}, []string{"a\n", "unfinished\n"}},
		{"empty lines kept", []string{"\n\nx\n"}, []string{"\n", "\n", "x\n"}},
		{"carriage return is part of the line", []string{"50%\r100%\n"}, []string{"50%\r100%\n"}},
		{"nothing", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, got := collect()
			for _, s := range tt.writes {
				if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", s, n, err)
				}
			}
			w.Flush()
			if fmt.Sprint(*got) != fmt.Sprint(tt.want) {
				t.Errorf("lines = %q, want %q", *got, tt.want)
			}
		})
	}
}

func TestLineWriterKeepsVeryLongLinesWhole(t *testing.T) {
	long := strings.Repeat("0123456789", 200_000) // 2 MB, no newline until the end
	w, got := collect()
	for chunk := range slicesOf(long+"\n", 4096) {
		w.Write([]byte(chunk))
	}
	w.Flush()
	if len(*got) != 1 || (*got)[0] != long+"\n" {
		t.Fatalf("got %d lines, first %d bytes; want the one 2 MB line", len(*got), len((*got)[0]))
	}
}

// slicesOf yields s in pieces of n bytes.
func slicesOf(s string, n int) func(func(string) bool) {
	return func(yield func(string) bool) {
		for len(s) > 0 {
			k := min(n, len(s))
			if !yield(s[:k]) {
				return
			}
			s = s[k:]
		}
	}
}

// TestInterleavedTargetsNeverMixMidLine has many "children" write their
// lines in random pieces at once into one screen, as os/exec's copying
// goroutines do, and checks that every line comes out whole after its own
// target's prefix: nothing torn, nothing mixed, nothing lost.
func TestInterleavedTargetsNeverMixMidLine(t *testing.T) {
	const targets, linesEach = 12, 300
	var ts []Target
	for i := range targets {
		ts = append(ts, Target{Name: fmt.Sprintf("acct-%d/Role", i)})
	}
	// The screen's lock orders the writes; the buffers are read only after
	// every writer is done.
	var out, errOut bytes.Buffer
	r := &runner{targets: ts, opts: Options{Mode: Lines}, prefixes: prefixes(ts, false),
		screen: &screen{out: [2]io.Writer{&out, &errOut}}}

	want := map[string]int{}
	var wg sync.WaitGroup
	for i := range targets {
		var text strings.Builder
		for k := range linesEach {
			line := fmt.Sprintf("target %d line %d %s", i, k, strings.Repeat("x", rand.IntN(300)))
			text.WriteString(line + "\n")
			want[string(r.prefixes[i])+line]++
		}
		// The last line of every other target lacks its newline.
		data := text.String()
		if i%2 == 1 {
			data = strings.TrimSuffix(data, "\n")
		}
		o := &targetOutput{r: r, i: i}
		w := &lineWriter{emit: func(l []byte) { o.line(stdout, l) }}
		wg.Go(func() {
			for len(data) > 0 {
				k := min(1+rand.IntN(97), len(data))
				w.Write([]byte(data[:k]))
				data = data[k:]
			}
			w.Flush()
		})
	}
	wg.Wait()

	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(got) != targets*linesEach {
		t.Fatalf("got %d lines, want %d", len(got), targets*linesEach)
	}
	for _, l := range got {
		if want[l] == 0 {
			t.Fatalf("torn or unknown line %q", l[:min(len(l), 80)])
		}
		want[l]--
	}
	if errOut.Len() != 0 {
		t.Errorf("stderr got %q", errOut.String())
	}
}

func TestPrefixesAlignAndColour(t *testing.T) {
	ts := []Target{{Name: "a/Admin", Color: "#ff0000"}, {Name: "prod-core/ReadOnly"}}
	plain := prefixes(ts, false)
	if string(plain[0]) != "a/Admin            | " || string(plain[1]) != "prod-core/ReadOnly | " {
		t.Errorf("plain prefixes = %q", plain)
	}
	col := prefixes(ts, true)
	if !bytes.HasPrefix(col[0], []byte("\x1b[38;2;255;0;0ma/Admin\x1b[0m")) {
		t.Errorf("coloured prefix = %q", col[0])
	}
	if !bytes.Contains(col[1], []byte("\x1b[38;2;")) {
		t.Errorf("a target without colour gets none: %q", col[1])
	}
}
