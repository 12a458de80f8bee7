package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// IOStreams are the process's standard streams plus what a command needs to
// know about them. Tests build one with buffers (see TestStreams).
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// Env is the environment as KEY=VALUE pairs (os.Environ for the real process).
	Env []string
	// OutIsTerminal and ErrIsTerminal say whether stdout and stderr are terminals.
	InIsTerminal  bool
	OutIsTerminal bool
	ErrIsTerminal bool
}

// interactive reports whether a person is at the keyboard: the picker can
// read keys from stdin and draw on stderr.
func (s *IOStreams) interactive() bool {
	return s.InIsTerminal && s.ErrIsTerminal
}

// System returns the real process streams.
func System() *IOStreams {
	return &IOStreams{
		In:            os.Stdin,
		Out:           os.Stdout,
		ErrOut:        os.Stderr,
		Env:           os.Environ(),
		InIsTerminal:  term.IsTerminal(int(os.Stdin.Fd())),
		OutIsTerminal: term.IsTerminal(int(os.Stdout.Fd())),
		ErrIsTerminal: term.IsTerminal(int(os.Stderr.Fd())),
	}
}

// TestStreams returns streams backed by buffers, with the given environment.
func TestStreams(env ...string) (*IOStreams, *bytes.Buffer, *bytes.Buffer) {
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: strings.NewReader(""), Out: out, ErrOut: errOut, Env: env}, out, errOut
}

// Getenv looks a variable up in the streams' environment.
func (s *IOStreams) Getenv(key string) string {
	prefix := key + "="
	for i := len(s.Env) - 1; i >= 0; i-- {
		if strings.HasPrefix(s.Env[i], prefix) {
			return s.Env[i][len(prefix):]
		}
	}
	return ""
}

// printJSON writes v on stdout as every --json of switchrole does: indented
// by two spaces, one value, ending with a newline.
func (s *IOStreams) printJSON(v any) error {
	enc := json.NewEncoder(s.Out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
