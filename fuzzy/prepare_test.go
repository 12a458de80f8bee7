package fuzzy

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// referencePrepared is the straightforward preparation New used to do
// eagerly, byte by byte: the definition the fast, partly deferred one must
// reproduce.
type referencePrepared struct {
	orig, lower []byte
	bonus       []int8
	start       []uint32
	mask        []uint64
	tie         []uint32
	wide        map[int32]*wideCandidate
}

func referencePrepare(cands []string) *referencePrepared {
	r := &referencePrepared{
		start: make([]uint32, len(cands)+1),
		mask:  make([]uint64, len(cands)),
		tie:   make([]uint32, len(cands)),
		wide:  map[int32]*wideCandidate{},
	}
	for i, s := range cands {
		r.start[i] = uint32(len(r.orig))
		if strings.ContainsFunc(s, func(c rune) bool { return c >= 0x80 }) {
			w := prepareWide(s)
			r.wide[int32(i)] = w
			r.mask[i] = maskNonASCII | maskOfRunes(w.lower)
			r.tie[i] = packTie(w.nameEnd, len(w.orig))
			continue
		}
		var mask uint64
		prev, inMeta, nameEnd := charWhite, false, len(s)
		for j := 0; j < len(s); j++ {
			c := s[j]
			cur := asciiClass[c]
			if c == ' ' && !inMeta {
				inMeta, nameEnd = true, j
			}
			r.orig = append(r.orig, c)
			r.lower = append(r.lower, lowerASCII(c))
			r.bonus = append(r.bonus, positionBonus(j, prev, cur, inMeta))
			mask |= maskBit(lowerASCII(c))
			prev = cur
		}
		r.mask[i] = mask
		r.tie[i] = packTie(nameEnd, trimmedLen(s))
	}
	r.start[len(cands)] = uint32(len(r.orig))
	return r
}

// checkPrepared compares m, candidate by candidate, with the reference
// preparation, including the deferred bonuses.
func checkPrepared(t *testing.T, cands []string, m *Matcher) {
	t.Helper()
	r := referencePrepare(cands)
	var sc scratch
	for i, s := range cands {
		if m.mask[i] != r.mask[i] || m.tie[i] != r.tie[i] {
			t.Fatalf("candidate %d %q: mask %#x tie %#x, want %#x %#x", i, s, m.mask[i], m.tie[i], r.mask[i], r.tie[i])
		}
		if w := r.wide[int32(i)]; w != nil {
			if !reflect.DeepEqual(m.wide[int32(i)], w) {
				t.Fatalf("candidate %d %q: wide form %+v, want %+v", i, s, m.wide[int32(i)], w)
			}
			continue
		}
		if m.wide[int32(i)] != nil {
			t.Fatalf("candidate %d %q: prepared as wide", i, s)
		}
		lo, hi, rlo, rhi := m.start[i], m.start[i+1], r.start[i], r.start[i+1]
		if got, want := m.lower[lo:hi], r.lower[rlo:rhi]; !bytes.Equal(got, want) {
			t.Fatalf("candidate %d %q: lower %q, want %q", i, s, got, want)
		}
		if got, want := m.bonusOf(i, &sc), r.bonus[rlo:rhi]; !slices.Equal(got, want) {
			t.Fatalf("candidate %d %q: bonus %v, want %v", i, s, got, want)
		}
	}
}

func TestPrepareMatchesReference(t *testing.T) {
	// Lengths around the eight-byte words lower-cased at once, every ASCII
	// byte in upper and lower case, leading and trailing spaces, empty and
	// non-ASCII candidates.
	var ascii strings.Builder
	for c := range 128 {
		ascii.WriteByte(byte(c))
	}
	all := ascii.String()
	cands := []string{
		"", " ", "   ", "a", "A", " Admin", "  prod core", "prod-core/Admin prod-core 222222222222 prod core production",
		"ABCDEFG", "ABCDEFGH", "ABCDEFGHI", "@[\\]^_`{|}~", "Z[z{", "tab\tseparated\tName", "trailing  ",
		"Café/Admin café 123", "ÄBC/Ünïcödé", "日本語/Role 111", "mixed/Rôle prod",
		all, all[64:], all[1:], strings.ToUpper(all[32:]),
	}
	for n := range 20 {
		cands = append(cands, strings.Repeat("aB-", n), strings.Repeat("Q", n)+" "+strings.Repeat("x1", n))
	}
	checkPrepared(t, cands, New(cands))
}

func TestPrepareParallelMatchesReference(t *testing.T) {
	// More candidates than prepareParallelMin, so that preparation is split
	// between goroutines where there are CPUs for it; a few are wide.
	cands := generateTargets(2*prepareParallelMin/50+10, 50)
	for i := 0; i < len(cands); i += 997 {
		cands[i] = strings.Replace(cands[i], "/", "/Ärger", 1)
	}
	checkPrepared(t, cands, New(cands))
}

// TestDeferredBonusesConcurrently has goroutines score the same fresh
// candidates at once, so that some find a candidate's bonuses claimed by
// another and still being computed: every result must equal the serial one.
func TestDeferredBonusesConcurrently(t *testing.T) {
	cands := generateTargets(40, 50)
	queries := []string{"prdadm", "prod admin", "'Admin", "^staging", "ReadOnly$", "Admin", "2222", "p"}
	want := map[string][]Match{}
	serial := New(cands)
	for _, q := range queries {
		want[q] = serial.Find(q)
	}
	for range 5 {
		m := New(cands)
		var wg sync.WaitGroup
		errs := make(chan string, 8*len(queries))
		for g := range 8 {
			wg.Go(func() {
				for k := range queries {
					q := queries[(g+k)%len(queries)]
					if got := m.Find(q); !slices.Equal(got, want[q]) {
						errs <- fmt.Sprintf("goroutine %d: Find(%q) differs from a serial Find", g, q)
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for e := range errs {
			t.Error(e)
		}
	}
}
