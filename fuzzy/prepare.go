package fuzzy

import (
	"unicode"
	"unicode/utf8"
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

// wideCandidate is a candidate that holds non-ASCII text. It is matched rune
// by rune, exactly like fzf does, and keeps where each rune starts so that
// Positions can answer in byte offsets.
type wideCandidate struct {
	orig, lower []rune
	bonus       []int8
	byteOff     []int32
	nameEnd     int // runes in the target name (before the first space)
}

// prepare fills the matcher's arenas from its candidates. Everything a query
// needs per candidate is computed here once: lower-cased bytes, per-byte
// bonuses, a character mask and the tie-break lengths.
func (m *Matcher) prepare() {
	n := len(m.cands)
	size := 0
	for _, s := range m.cands {
		size += len(s)
	}
	m.orig = make([]byte, 0, size)
	m.lower = make([]byte, 0, size)
	m.bonus = make([]int8, 0, size)
	m.start = make([]uint32, n+1)
	m.mask = make([]uint64, n)
	m.tie = make([]uint32, n)
	for i, s := range m.cands {
		m.start[i] = uint32(len(m.orig))
		if !isASCII(s) {
			w := prepareWide(s)
			if m.wide == nil {
				m.wide = make(map[int32]*wideCandidate)
			}
			m.wide[int32(i)] = w
			m.mask[i] = maskNonASCII | maskOfRunes(w.lower)
			m.tie[i] = packTie(w.nameEnd, len(w.orig))
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
			lc := lowerASCII(c)
			m.orig = append(m.orig, c)
			m.lower = append(m.lower, lc)
			m.bonus = append(m.bonus, positionBonus(j, prev, cur, inMeta))
			mask |= maskBit(lc)
			prev = cur
		}
		m.mask[i] = mask
		m.tie[i] = packTie(nameEnd, trimmedLen(s))
	}
	m.start[n] = uint32(len(m.orig))
}

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

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
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

// packTie packs the tie-break lengths (shorter name first, then shorter
// candidate) into the bits the sort key has for them.
func packTie(nameLen, totalLen int) uint32 {
	return uint32(min(nameLen, maxTieName))<<tieTotalBits | uint32(min(totalLen, maxTieTotal))
}
