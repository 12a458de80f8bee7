package fuzzy

import "unicode"

// Scoring constants. They are fzf's (src/algo/algo.go, FuzzyMatchV2), so that a
// user who knows fzf finds the same ranking, plus two field-aware bonuses that
// fit switchrole's candidates ("name account id tags...") and the
// word-coherence bonus of wordBonus.
const (
	scoreMatch        = 16
	scoreGapStart     = -3
	scoreGapExtension = -1

	// bonusBoundary rewards a match at the start of a word: the bonus is
	// cancelled by a gap of about eight characters, the length of a word.
	bonusBoundary = scoreMatch / 2
	// bonusNonWord is given to matching a separator itself ("-", "/").
	bonusNonWord = scoreMatch / 2
	// bonusCamel123 marks camelCase humps and the first digit after a
	// letter; such boundaries have no separator to skip, hence one point less.
	bonusCamel123 = bonusBoundary + scoreGapExtension
	// bonusConsecutive is the least bonus of a character that extends a
	// consecutive run; it makes "foob" prefer "foobar" to "foo-bar".
	bonusConsecutive = -(scoreGapStart + scoreGapExtension)
	// bonusFirstCharMultiplier doubles the bonus of the first pattern
	// character: what the user types first is what they mean most.
	bonusFirstCharMultiplier = 2
	// bonusBoundaryWhite is the bonus after whitespace, bonusBoundaryDelimiter
	// after "/" "," ":" ";" "|".
	bonusBoundaryWhite     = bonusBoundary + 2
	bonusBoundaryDelimiter = bonusBoundary + 1

	// bonusNameStart replaces bonusBoundaryWhite at byte 0, the start of the
	// target name. It is worth one matched character: "prdadm" must pick
	// prod-core/Admin (an acronym anchored at the name's start) over
	// sandbox-prdadm-test/Viewer (a literal run in the middle), where plain
	// fzf scores 142 against 152; with this bonus it is 160 (168 with
	// wordBonus) against 152.
	bonusNameStart = scoreMatch
	// metadataPenalty is taken off every bonus after the name (account
	// name, account id, tags), so that a word in the target name outranks
	// the same word in a tag: "audit" prefers security-audit/ReadOnly to a
	// target merely tagged "audit".
	metadataPenalty = 3
)

// charClass is fzf's classification of a character for boundary bonuses.
type charClass uint8

const (
	charWhite charClass = iota
	charNonWord
	charDelimiter
	charLower
	charUpper
	charLetter
	charNumber
)

// asciiClass classifies the 128 ASCII characters once.
var asciiClass = func() (t [128]charClass) {
	for i := range t {
		c := byte(i)
		switch {
		case c >= 'a' && c <= 'z':
			t[i] = charLower
		case c >= 'A' && c <= 'Z':
			t[i] = charUpper
		case c >= '0' && c <= '9':
			t[i] = charNumber
		case c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			t[i] = charWhite
		case c == '/' || c == ',' || c == ':' || c == ';' || c == '|':
			t[i] = charDelimiter
		default:
			t[i] = charNonWord
		}
	}
	return t
}()

func classOf(r rune) charClass {
	if r < 128 {
		return asciiClass[r]
	}
	switch {
	case unicode.IsLower(r):
		return charLower
	case unicode.IsUpper(r):
		return charUpper
	case unicode.IsNumber(r):
		return charNumber
	case unicode.IsLetter(r):
		return charLetter
	case unicode.IsSpace(r):
		return charWhite
	}
	return charNonWord
}

// bonusFor is fzf's bonus for a character of class cur that follows one of
// class prev.
func bonusFor(prev, cur charClass) int8 {
	if cur > charNonWord {
		switch prev {
		case charWhite:
			return bonusBoundaryWhite
		case charDelimiter:
			return bonusBoundaryDelimiter
		case charNonWord:
			return bonusBoundary
		}
	}
	if prev == charLower && cur == charUpper || prev != charNumber && cur == charNumber {
		return bonusCamel123
	}
	switch cur {
	case charNonWord, charDelimiter:
		return bonusNonWord
	case charWhite:
		return bonusBoundaryWhite
	}
	return 0
}

// bonusTable holds bonusFor for every pair of classes.
var bonusTable = func() (t [charNumber + 1][charNumber + 1]int8) {
	for p := range t {
		for c := range t[p] {
			t[p][c] = bonusFor(charClass(p), charClass(c))
		}
	}
	return t
}()

// positionBonus is the bonus of the character at index i of a candidate:
// fzf's boundary bonus, raised at the start of the name and lowered in the
// metadata after it (inMeta).
func positionBonus(i int, prev, cur charClass, inMeta bool) int8 {
	if i == 0 {
		if cur > charNonWord {
			return bonusNameStart
		}
		return bonusTable[charWhite][cur]
	}
	b := bonusTable[prev][cur]
	if inMeta {
		b = max(b-metadataPenalty, 0)
	}
	return b
}

// wordBonus is the bonus of a letter that continues, after a gap, the word
// of the previous matched letter, when that word's first matched letter
// had bonus wb and multi says at least two of its letters are matched.
//
// fzf gives such a letter no bonus at all, so "prdadm" on prod-data/Admin
// prefers the "d" that starts "data" (a word-start bonus) to the "d" of
// "prod", although the user abbreviated "prod" and "Admin" and never meant
// "data"; prod-core/Admin, which has no such "d", then ranks below it. Once
// two letters of a word are matched (p, r of prod), the following letters
// of the same word are read as abbreviating it and earn the word's start
// bonus, at most bonusBoundary: staying in the word is then worth as much
// as jumping to an isolated word start. A single matched letter is not
// enough: it may be an acronym's initial ("sr" must still find
// SecurityRole before Superuser), and letters that started mid-word
// (wb = 0) earn nothing, as in fzf.
func wordBonus(wb int8, multi bool) int8 {
	if !multi {
		return 0
	}
	return min(wb, bonusBoundary)
}
