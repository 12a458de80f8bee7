package config

import (
	"errors"
	"fmt"
)

// maxProblems caps how many problems one Load reports: enough to fix a batch
// at once, few enough to read.
const maxProblems = 20

// problems collects the configuration errors of one Load so the user sees
// every mistake in a file at once rather than one per run.
type problems struct {
	list    []*Error
	dropped int
}

// add records an error at file:line about key. The message is built by the
// caller from non-secret parts only.
func (p *problems) add(file string, line int, key, msg string) *Error {
	e := &Error{Origin: Origin{File: file, Line: line}, Key: key, Msg: msg}
	p.push(e)
	return e
}

// addOther records an error that involves a second place.
func (p *problems) addOther(at Origin, key, msg string, other Origin) {
	p.push(&Error{Origin: at, Key: key, Msg: msg, Other: other})
}

func (p *problems) push(e *Error) {
	if len(p.list) >= maxProblems {
		p.dropped++
		return
	}
	p.list = append(p.list, e)
}

func (p *problems) empty() bool { return len(p.list) == 0 }

// err returns nil, the single *Error, or a joined error whose every line is
// one *Error (errors.As finds the first).
func (p *problems) err() error {
	switch {
	case len(p.list) == 0:
		return nil
	case len(p.list) == 1 && p.dropped == 0:
		return p.list[0]
	}
	errs := make([]error, 0, len(p.list)+1)
	for _, e := range p.list {
		errs = append(errs, e)
	}
	if p.dropped > 0 {
		last := p.list[len(p.list)-1].Origin
		errs = append(errs, &Error{Origin: Origin{File: last.File}, Msg: fmt.Sprintf("%d more problems not shown; fix the ones above and run `switchrole config check` again", p.dropped)})
	}
	return errors.Join(errs...)
}
