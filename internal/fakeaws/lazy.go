package fakeaws

import (
	"regexp"
	"sync"
)

// The fake is linked into every switchrole binary (for `switchrole demo`),
// so nothing here may cost start-up time: patterns are compiled on first
// use instead of at package initialisation.

func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
