package fuzzy

import (
	"strings"
	"unicode/utf8"
)

// termKind is how a term of the query matches, after fzf's extended syntax.
type termKind uint8

const (
	termFuzzy  termKind = iota // prdadm
	termExact                  // 'admin
	termPrefix                 // ^prod
	termSuffix                 // Admin$ (end of the target name)
	termEqual                  // ^prod-core/Admin$
)

// term is one space-separated word of a query.
type term struct {
	kind termKind
	// negate keeps the candidates that do NOT match (!word).
	negate bool
	// caseSensitive follows smart case: a word with an upper-case letter
	// matches case-sensitively.
	caseSensitive bool
	// text is the word without its operators (lower-cased unless
	// caseSensitive); runes is the same text for wide candidates.
	text  string
	bytes []byte
	runes []rune
	// ascii says text is pure ASCII: only then can it match an ASCII
	// candidate.
	ascii bool
	// mask holds the bits a candidate must have to possibly match.
	mask uint64
}

// termSet is a group of terms joined by "|": a candidate satisfies the set
// when one of its terms matches.
type termSet []term

// query is a parsed pattern: all of its sets must be satisfied.
type query []termSet

// parseQuery splits a pattern into terms following fzf's extended-search
// syntax: spaces separate ANDed terms ("\ " is a literal space), "|" between
// terms means OR, and a term may be 'exact, ^prefix, suffix$, ^equal$ or
// !negated (!word excludes candidates containing word; !'word excludes
// fuzzy matches). The result is empty for an empty or all-space pattern.
func parseQuery(pattern string) query {
	pattern = strings.ReplaceAll(pattern, `\ `, "\t")
	var (
		q        query
		set      termSet
		afterBar bool
	)
	for _, tok := range strings.Split(pattern, " ") {
		if tok == "" {
			continue
		}
		if len(set) > 0 && !afterBar && tok == "|" {
			afterBar = true
			continue
		}
		t, ok := parseTerm(strings.ReplaceAll(tok, "\t", " "))
		if !ok {
			afterBar = false
			continue
		}
		if len(set) > 0 && !afterBar {
			q = append(q, set)
			set = nil
		}
		afterBar = false
		set = append(set, t)
	}
	if len(set) > 0 {
		q = append(q, set)
	}
	return q
}

// parseTerm reads one token; ok is false when only operators remain ("!", "^").
func parseTerm(tok string) (t term, ok bool) {
	lower := strings.ToLower(tok)
	t.caseSensitive = lower != tok
	text := tok
	if !t.caseSensitive {
		text = lower
	}
	if strings.HasPrefix(text, "!") {
		t.negate, t.kind = true, termExact
		text = text[1:]
	}
	if text != "$" && strings.HasSuffix(text, "$") {
		t.kind = termSuffix
		text = text[:len(text)-1]
	}
	switch {
	case strings.HasPrefix(text, "'"):
		if t.negate {
			t.kind = termFuzzy
		} else {
			t.kind = termExact
		}
		text = text[1:]
	case strings.HasPrefix(text, "^"):
		if t.kind == termSuffix {
			t.kind = termEqual
		} else {
			t.kind = termPrefix
		}
		text = text[1:]
	}
	if text == "" {
		return t, false
	}
	t.text = text
	t.bytes = []byte(text)
	t.runes = []rune(text)
	t.ascii = len(t.runes) == len(text)
	for i := 0; i < len(text); i++ {
		t.mask |= maskBit(lowerASCII(text[i]))
	}
	return t, true
}

// isEmpty says the query selects everything.
func (q query) isEmpty() bool { return len(q) == 0 }

// narrows reports whether every candidate that matches q also matches prev,
// so that q can be answered by scanning only prev's matches. It holds when
// each set of prev is implied by some set of q: typing more letters,
// adding a term or an anchor narrows; deleting, "|" or "!" changes usually
// widen, and then the answer is false.
func (q query) narrows(prev query) bool {
	for _, ps := range prev {
		implied := false
		for _, qs := range q {
			if qs.implies(ps) {
				implied = true
				break
			}
		}
		if !implied {
			return false
		}
	}
	return true
}

// implies reports whether every candidate satisfying s satisfies p: each
// alternative of s must imply some alternative of p.
func (s termSet) implies(p termSet) bool {
	for _, a := range s {
		ok := false
		for _, b := range p {
			if a.implies(b) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// implies reports whether a match of a is always a match of b.
func (a term) implies(b term) bool {
	if b.caseSensitive && !a.caseSensitive {
		return false
	}
	at, bt := a.text, b.text
	if a.caseSensitive && !b.caseSensitive {
		at = strings.ToLower(at)
	}
	if a.negate || b.negate {
		// !x excludes candidates containing x; !y excludes more when y is
		// a substring of x. Only exact negations are compared.
		return a.negate && b.negate && a.kind == termExact && b.kind == termExact &&
			a.caseSensitive == b.caseSensitive && strings.Contains(bt, at)
	}
	switch b.kind {
	case termFuzzy:
		return isSubsequence(at, bt)
	case termExact:
		return a.kind != termFuzzy && strings.Contains(at, bt)
	case termPrefix:
		return (a.kind == termPrefix || a.kind == termEqual) && strings.HasPrefix(at, bt)
	case termSuffix:
		return (a.kind == termSuffix || a.kind == termEqual) && strings.HasSuffix(at, bt)
	case termEqual:
		return a.kind == termEqual && at == bt
	}
	return false
}

// isSubsequence reports whether the runes of sub appear in s in order.
func isSubsequence(s, sub string) bool {
	for _, r := range sub {
		i := strings.IndexRune(s, r)
		if i < 0 {
			return false
		}
		s = s[i+utf8.RuneLen(r):]
	}
	return true
}
