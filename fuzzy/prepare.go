package fuzzy

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Bits of a candidate's or a term's character mask. A term can only match a
// candidate whose mask holds all of the term's bits, which rejects most
// candidates without reading their text (the "zzzzzz" query reads nothing).
const (
	maskDigitShift = 26      // '0'..'9' use bits 26..35, 'a'..'z' bits 0..25
	maskOtherShift = 36      // other ASCII bytes share bits 36..62
	maskOtherBits  = 27      //
	maskNonASCII   = 1 << 63 // the text holds a non-ASCII rune
)

// maskBit is the mask bit of one lower-cased ASCII byte.
func maskBit(c byte) uint64 {
	switch {
	case c >= 'a' && c <= 'z':
		return 1 << (c - 'a')
	case c >= '0' && c <= '9':
		return 1 << (maskDigitShift + c - '0')
	case c >= utf8.RuneSelf:
		return maskNonASCII
	}
	return 1 << (maskOtherShift + uint64(c)%maskOtherBits)
}

// lowerASCII lower-cases one ASCII byte.
func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// byteTables answer with one load what preparing a candidate asks of a
// byte: its lower-case form, its mask bit, and its bonus given the byte
// before it.
type byteTables struct {
	lower [256]byte   // lowerASCII; bytes >= 0x80 unchanged
	mask  [256]uint64 // maskBit of the lower-cased byte, maskNonASCII above 0x7f
	// first is the bonus of a candidate's first byte (positionBonus(0, ...)).
	first [128]int8
	// pair[meta][prev<<7|cur] is positionBonus of ASCII byte cur after
	// ASCII byte prev, inside the target name (meta 0) or after it (1).
	pair [2][128 << 7]int8
}

// pairMask keeps an index of byteTables.pair in range (and the compiler
// from checking it).
const pairMask = 128<<7 - 1

// tables is built on first use, not at package initialisation: every
// switchrole run links this package, but only the picker matches, and
// building the 40 KB of tables costs ~0.1 ms that credential-process and
// exec should not pay.
var tables = sync.OnceValue(func() *byteTables {
	t := new(byteTables)
	for c := range 256 {
		b := byte(c)
		t.lower[c] = lowerASCII(b)
		t.mask[c] = maskBit(lowerASCII(b))
	}
	for cur := range 128 {
		t.first[cur] = positionBonus(0, charWhite, asciiClass[cur], false)
		for prev := range 128 {
			for meta := range 2 {
				t.pair[meta][prev<<7|cur] = positionBonus(1, asciiClass[prev], asciiClass[cur], meta == 1)
			}
		}
	}
	return t
})

// wideCandidate is a candidate that holds non-ASCII text. It is matched rune
// by rune, exactly like fzf does, and keeps where each rune starts so that
// Positions can answer in byte offsets.
type wideCandidate struct {
	orig, lower []rune
	bonus       []int8
	byteOff     []int32
	nameEnd     int // runes in the target name (before the first space)
}

// Preparation of many candidates is split into one chunk per CPU (at most
// maxWorkers) from prepareParallelMin candidates on; chunks write disjoint
// parts of the arenas.
const prepareParallelMin = 16 << 10

// prepare computes what every query reads: the lower-cased bytes (one
// arena, candidate i at [start[i], start[i+1])), a character mask and the
// tie-break lengths: four arrays, whatever the number of candidates.
// What only some queries read is deferred (see deferredArenas): per-byte
// bonuses are computed for a candidate the first time a term is scored on
// it, which most candidates of a query never are. Case-sensitive terms read
// the candidates' own bytes. Non-ASCII candidates, which are
// rare, leave their place in the arena unused and are prepared rune-wise
// into m.wide.
func (m *Matcher) prepare() {
	n := len(m.cands)
	m.start = make([]uint32, n+1)
	size := 0
	for i, s := range m.cands {
		m.start[i] = uint32(size)
		size += len(s)
	}
	m.start[n] = uint32(size)
	m.lower = make([]byte, size)
	m.mask = make([]uint64, n)
	m.tie = make([]uint32, n)
	m.later = new(deferredArenas)

	inParts(n, prepareParallelMin, func(lo, hi int) struct{} {
		m.prepareRange(lo, hi)
		return struct{}{}
	})

	for i, mask := range m.mask {
		if mask&maskNonASCII == 0 {
			continue
		}
		w := prepareWide(m.cands[i])
		if m.wide == nil {
			m.wide = make(map[int32]*wideCandidate)
		}
		m.wide[int32(i)] = w
		m.mask[i], m.tie[i] = w.maskTie()
	}
}

// SWAR constants: lower-casing eight bytes at once and finding a space
// among them.
const (
	swarLow7   = 0x7f7f7f7f7f7f7f7f
	swarHigh   = 0x8080808080808080
	swarFromA  = 0x3f3f3f3f3f3f3f3f // 0x80-'A': sets the high bit of bytes >= 'A'
	swarPastZ  = 0x2525252525252525 // 0x80-'Z'-1: sets it for bytes > 'Z'
	swarOnes   = 0x0101010101010101
	swarSpaces = 0x2020202020202020
)

// prepareRange prepares candidates [lo, hi) as ASCII text. A candidate
// whose mask comes out with maskNonASCII is redone by prepare.
func (m *Matcher) prepareRange(lo, hi int) {
	t := tables()
	for i := lo; i < hi; i++ {
		s := m.cands[i]
		m.mask[i], m.tie[i] = prepareASCII(t, s, m.lower[m.start[i]:][:len(s)])
	}
}

// prepareASCII writes s lower-cased to lower (len(s) bytes) and returns its
// character mask and tie-break. The mask has maskNonASCII when s is not
// ASCII; the rest is then to be redone rune-wise (prepareWide).
func prepareASCII(t *byteTables, s string, lower []byte) (mask uint64, tie uint32) {
	nameEnd := -1
	j := 0
	for ; j+8 <= len(s); j += 8 {
		w := s[j : j+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		// Seven-bit values never carry into the next byte; the high
		// bit of upper marks the ASCII bytes in 'A'..'Z'.
		low7 := x & swarLow7
		upper := (low7 + swarFromA) &^ (low7 + swarPastZ) &^ x & swarHigh
		binary.LittleEndian.PutUint64(lower[j:], x|upper>>2)
		mask |= t.mask[w[0]] | t.mask[w[1]] | t.mask[w[2]] | t.mask[w[3]] |
			t.mask[w[4]] | t.mask[w[5]] | t.mask[w[6]] | t.mask[w[7]]
		if nameEnd < 0 {
			// The lowest high bit of zero marks the first space (a
			// borrow can only add false ones above a true one).
			y := x ^ swarSpaces
			if zero := (y - swarOnes) &^ y & swarHigh; zero != 0 {
				nameEnd = j + bits.TrailingZeros64(zero)/8
			}
		}
	}
	for ; j < len(s); j++ {
		c := s[j]
		lower[j] = t.lower[c]
		mask |= t.mask[c]
		if c == ' ' && nameEnd < 0 {
			nameEnd = j
		}
	}
	if nameEnd < 0 {
		nameEnd = len(s)
	}
	return mask, packTie(nameEnd, trimmedLen(s))
}

// deferredArenas hold what New leaves for the queries that need it. They
// are shared by pointer, so that tests and benchmarks can copy a Matcher's
// prepared fields.
type deferredArenas struct {
	bonusOnce sync.Once
	bonus     []int8 // laid out like Matcher.lower
	// Bitsets by candidate: whose bonuses a goroutine has taken on to
	// compute into the arena, and whose are complete there.
	claimed, ready []atomic.Uint64
}

// bonusRef designates the per-byte bonuses of the candidate being matched,
// so that matchBytes computes them only once the candidate is known to
// match: candidate i of m, or, when m is nil, the ready slice.
type bonusRef struct {
	m     *Matcher
	i     int
	ready []int8
}

// get returns the bonuses; sc provides memory when they must be computed
// apart from the arena.
func (r bonusRef) get(sc *scratch) []int8 {
	if r.m == nil {
		return r.ready
	}
	return r.m.bonusOf(r.i, sc)
}

// bonusOf returns the per-byte bonuses of ASCII candidate i, computing them
// into the shared arena on first use. Concurrent scans may meet the same
// candidate: the goroutine that claims it fills the arena and then marks it
// ready; one that finds it claimed but not ready computes a private copy in
// sc rather than wait.
func (m *Matcher) bonusOf(i int, sc *scratch) []int8 {
	d := m.later
	if d == nil {
		// A one-candidate view (see Filter): nothing to share, and
		// the candidate's terms share one computation.
		if !sc.bonusValid {
			sc.bonus = grow(sc.bonus, len(m.cands[i]))
			fillBonus(m.cands[i], sc.bonus)
			sc.bonusValid = true
		}
		return sc.bonus
	}
	d.bonusOnce.Do(func() {
		d.bonus = make([]int8, len(m.lower))
		words := (len(m.cands) + 63) / 64
		d.claimed, d.ready = make([]atomic.Uint64, words), make([]atomic.Uint64, words)
	})
	arena := d.bonus[m.start[i]:m.start[i+1]]
	w, bit := i/64, uint64(1)<<(i%64)
	if d.ready[w].Load()&bit != 0 {
		return arena
	}
	if d.claimed[w].Or(bit)&bit == 0 {
		fillBonus(m.cands[i], arena)
		d.ready[w].Or(bit)
		return arena
	}
	sc.bonus = grow(sc.bonus, len(arena))
	fillBonus(m.cands[i], sc.bonus)
	return sc.bonus
}

// fillBonus writes the positionBonus of every byte of ASCII text s to
// bonus, which has len(s) elements.
func fillBonus(s string, bonus []int8) {
	if len(s) == 0 {
		return
	}
	bonus = bonus[:len(s)]
	t := tables()
	nameEnd := strings.IndexByte(s, ' ')
	if nameEnd < 0 {
		nameEnd = len(s)
	}
	bonus[0] = t.first[s[0]&0x7f]
	prev := uint(s[0] & 0x7f)
	// The name, then (from its ending space on) the metadata, whose
	// bonuses are lowered.
	split := max(nameEnd, 1)
	pair := &t.pair[0]
	for j := 1; j < split; j++ {
		cur := uint(s[j] & 0x7f)
		bonus[j] = pair[(prev<<7|cur)&pairMask]
		prev = cur
	}
	pair = &t.pair[1]
	for j := split; j < len(s); j++ {
		cur := uint(s[j] & 0x7f)
		bonus[j] = pair[(prev<<7|cur)&pairMask]
		prev = cur
	}
}

// stringBytes is s as bytes, for the matching kernel, which only reads them.
func stringBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// prepareWide builds the rune-wise form of a non-ASCII candidate; byteOff
// maps each rune back to its offset in the original string.
func prepareWide(s string) *wideCandidate {
	w := &wideCandidate{nameEnd: -1}
	prev, inMeta := charWhite, false
	for off, r := range s {
		j := len(w.orig)
		cur := classOf(r)
		if r == ' ' && !inMeta {
			inMeta, w.nameEnd = true, j
		}
		w.orig = append(w.orig, r)
		w.lower = append(w.lower, lowerRune(r))
		w.bonus = append(w.bonus, positionBonus(j, prev, cur, inMeta))
		w.byteOff = append(w.byteOff, int32(off))
		prev = cur
	}
	if w.nameEnd < 0 {
		w.nameEnd = len(w.orig)
	}
	return w
}

// maskTie is a wide candidate's character mask and tie-break.
func (w *wideCandidate) maskTie() (uint64, uint32) {
	return maskNonASCII | maskOfRunes(w.lower), packTie(w.nameEnd, len(w.orig))
}

// lowerRune lower-cases r as fzf does (unicode.To(LowerCase)).
func lowerRune(r rune) rune {
	if r < utf8.RuneSelf {
		return rune(lowerASCII(byte(r)))
	}
	return unicode.ToLower(r)
}

func maskOfRunes(rs []rune) uint64 {
	var mask uint64
	for _, r := range rs {
		if r < utf8.RuneSelf {
			mask |= maskBit(byte(r))
		}
	}
	return mask
}

// trimmedLen is the length fzf's "length" tie-break uses: without leading
// and trailing whitespace.
func trimmedLen(s string) int {
	i, j := 0, len(s)
	for i < j && s[i] == ' ' {
		i++
	}
	for j > i && s[j-1] == ' ' {
		j--
	}
	return j - i
}

// packTie packs the tie-break into the bits the sort key has for it: the
// shorter target name first, then input order. The rest of the line (account,
// id, tags) deliberately does not count: fzf's shorter-line rule would rank
// a target below its twin only because it has more tags, where the order of
// the user's config is the better last word.
func packTie(nameLen, _ int) uint32 {
	return uint32(min(nameLen, maxTieName)) << tieTotalBits
}
