package config

import "fmt"

// Error is a configuration problem tied to a place in a file. Its message is
// one sentence a person can act on; the CLI maps it to exit code 2.
type Error struct {
	// Origin is the file and line at fault (Line 0 when the whole file is).
	Origin Origin
	// Key is the offending key ("" when not about one key).
	Key string
	// Msg is the sentence without the location, e.g.
	// `account id "12345" must be 12 digits`.
	Msg string
	// Other, when set, is the second place involved (duplicates, missing
	// sources): it is named in the message.
	Other Origin

	// root is, for a target that is unusable only because a target on its
	// source chain is, that target's own problem.
	root *Error
}

// rootCause is the mistake e comes from: e itself, or for a problem
// inherited through a source chain, the problem it was inherited from.
func (e *Error) rootCause() *Error {
	if e.root != nil {
		return e.root
	}
	return e
}

func (e *Error) Error() string {
	msg := e.Msg
	if e.Other.File != "" {
		msg += fmt.Sprintf(" (see also %s)", e.Other)
	}
	if e.Origin.File == "" {
		return msg
	}
	return fmt.Sprintf("%s: %s", e.Origin, msg)
}
