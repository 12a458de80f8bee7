package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/switchrole/switchrole/aws"
)

// fakeTTY is a terminal whose keyboard holds typed and whose screen is out.
type fakeTTY struct {
	in  *strings.Reader
	out bytes.Buffer
}

func (f *fakeTTY) Read(p []byte) (int, error)  { return f.in.Read(p) }
func (f *fakeTTY) Write(p []byte) (int, error) { return f.out.Write(p) }
func (f *fakeTTY) Close() error                { return nil }

func TestPromptMFA(t *testing.T) {
	req := aws.MFARequest{Target: "prod/Admin", Serial: "arn:aws:iam::111111111111:mfa/alice"}
	for _, tc := range []struct {
		typed, code string
		err         error
	}{
		{"123456\n", "123456", nil},
		{"", "", aws.ErrCancelled}, // Ctrl-D at once
		{"12", "12", nil},          // Ctrl-D after two digits
	} {
		tty := &fakeTTY{in: strings.NewReader(tc.typed)}
		code, err := promptMFA(context.Background(), tty, req)
		if code != tc.code || !errors.Is(err, tc.err) {
			t.Errorf("typed %q: %q, %v", tc.typed, code, err)
		}
		// The line ends whether the user pressed enter (the terminal
		// echoes it) or Ctrl-D (which echoes nothing): issue 15.21.
		if !strings.HasSuffix(tty.out.String()+echoed(tc.typed), "\n") {
			t.Errorf("typed %q: the prompt's line is left open: %q", tc.typed, tty.out.String())
		}
	}
}

// echoed is what the terminal itself shows of typed: the newline of enter.
func echoed(typed string) string {
	if strings.HasSuffix(typed, "\n") {
		return "\n"
	}
	return ""
}
