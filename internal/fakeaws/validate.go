package fakeaws

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Parameter patterns from the STS service model (aws-wire.md §2.4). The
// SDK checks only that required members are present; ranges and patterns
// are enforced server-side, so the fake enforces them here.
var (
	sessionNamePattern = lazyRegexp(`^[\w+=,.@-]*$`)
	externalIDPattern  = lazyRegexp(`^[\w+=,.@:/-]*$`)
	serialPattern      = lazyRegexp(`^[\w+=/:,.@-]*$`)
	tokenCodePattern   = lazyRegexp(`^[\d]*$`)
	policyPattern      = lazyRegexp(`^[\x{0009}\x{000A}\x{000D}\x{0020}-\x{00FF}]+$`)
	tagKeyPattern      = lazyRegexp(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$`)
	tagValuePattern    = lazyRegexp(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)
)

// validator collects constraint violations and reports them the way AWS
// does: "2 validation errors detected: Value 'x' at 'member' failed to
// satisfy constraint: Member must …; Value …".
type validator struct {
	params url.Values
	errs   []string
}

func newValidator(p url.Values) *validator { return &validator{params: p} }

// value returns a parameter and whether it was sent at all.
func (v *validator) value(name string) (string, bool) {
	vs, ok := v.params[name]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

func (v *validator) fail(member, value string, sensitive bool, constraint string) {
	shown := "Value '" + value + "'"
	if sensitive {
		// AWS leaves the value of sensitive members out of the message;
		// MFA codes must never be echoed anyway.
		shown = "Value"
	}
	v.errs = append(v.errs, fmt.Sprintf("%s at '%s' failed to satisfy constraint: Member must %s", shown, member, constraint))
}

// str checks a string member: presence, length in characters and pattern.
// It returns the value ("" when absent).
func (v *validator) str(name string, required bool, minLen, maxLen int, pattern *regexp.Regexp, sensitive bool) string {
	member := lowerFirst(name)
	val, ok := v.value(name)
	if !ok {
		if required {
			v.errs = append(v.errs, fmt.Sprintf("Value null at '%s' failed to satisfy constraint: Member must not be null", member))
		}
		return ""
	}
	n := utf8.RuneCountInString(val)
	switch {
	case n < minLen:
		v.fail(member, val, sensitive, fmt.Sprintf("have length greater than or equal to %d", minLen))
	case n > maxLen:
		v.fail(member, val, sensitive, fmt.Sprintf("have length less than or equal to %d", maxLen))
	case pattern != nil && !pattern.MatchString(val):
		src := strings.TrimSuffix(strings.TrimPrefix(pattern.String(), "^"), "$")
		v.fail(member, val, sensitive, "satisfy regular expression pattern: "+src)
	}
	return val
}

// integer checks an integer member against [minVal, maxVal] and returns it,
// or def when absent or invalid.
func (v *validator) integer(name string, minVal, maxVal, def int) int {
	member := lowerFirst(name)
	raw, ok := v.value(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(raw)
	switch {
	case err != nil:
		v.fail(member, raw, false, "be an integer")
		return def
	case n < minVal:
		v.fail(member, raw, false, fmt.Sprintf("have value greater than or equal to %d", minVal))
		return def
	case n > maxVal:
		v.fail(member, raw, false, fmt.Sprintf("have value less than or equal to %d", maxVal))
		return def
	}
	return n
}

// members counts list entries NAME.member.N[.suffix] and checks the limit.
func (v *validator) members(name string, maxCount int) int {
	seen := map[string]bool{}
	prefix := name + ".member."
	for k := range v.params {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			idx, _, _ := strings.Cut(rest, ".")
			seen[idx] = true
		}
	}
	if len(seen) > maxCount {
		v.fail(lowerFirst(name), fmt.Sprintf("%d items", len(seen)), false, fmt.Sprintf("have length less than or equal to %d", maxCount))
	}
	return len(seen)
}

// tags checks session tags (≤ 50, key 1–128, value 0–256).
func (v *validator) tags() {
	n := v.members("Tags", 50)
	for i := 1; i <= n; i++ {
		v.str(fmt.Sprintf("Tags.member.%d.Key", i), true, 1, 128, tagKeyPattern(), false)
		v.str(fmt.Sprintf("Tags.member.%d.Value", i), true, 0, 256, tagValuePattern(), false)
	}
}

// err turns the collected violations into one ValidationError, or nil.
func (v *validator) err() *apiError {
	switch len(v.errs) {
	case 0:
		return nil
	case 1:
		return validationError("1 validation error detected: " + v.errs[0])
	default:
		return validationError(fmt.Sprintf("%d validation errors detected: %s", len(v.errs), strings.Join(v.errs, "; ")))
	}
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
