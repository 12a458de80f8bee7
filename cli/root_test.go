package cli

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/config"
)

// TestEveryCommandBuildsAndHasHelp walks the whole tree: flag collisions
// panic at construction, and every command must explain itself.
func TestEveryCommandBuildsAndHasHelp(t *testing.T) {
	streams, _, _ := TestStreams()
	var walk func(cmd *cobra.Command)
	walk = func(cmd *cobra.Command) {
		if cmd.Short == "" {
			t.Errorf("%q has no short help", cmd.CommandPath())
		}
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
	}
	root := NewRootCmd(streams)
	walk(root)
	for _, sub := range root.Commands() {
		s, out, _ := TestStreams()
		if err := Execute(context.Background(), []string{sub.Name(), "--help"}, s); err != nil {
			t.Errorf("%s --help: %v", sub.Name(), err)
		}
		if !strings.Contains(out.String(), "Usage:") {
			t.Errorf("%s --help printed %q", sub.Name(), out.String())
		}
	}
}

func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{nil, 0},
		{errors.New("boom"), 1},
		{usageErrorf("bad flag"), 2},
		{&config.Error{Msg: "bad"}, 2},
		{&AmbiguousError{Query: "a", Total: 2}, 2},
		{&ExitStatus{Code: 42}, 42},
		{ErrCancelled, 130},
		{context.Canceled, 130},
	} {
		if got := ExitCode(tc.err); got != tc.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tc.err, got, tc.want)
		}
	}
	if Message(&ExitStatus{Code: 3}) != "" || Message(ErrCancelled) != "" {
		t.Error("a child's exit status and a cancellation print nothing more")
	}
}

func TestUnknownCommandIsAUsageError(t *testing.T) {
	s, _, _ := TestStreams()
	err := Execute(context.Background(), []string{"nosuch"}, s)
	if ExitCode(err) != ExitUsage {
		t.Errorf("unknown command: %v (exit %d)", err, ExitCode(err))
	}
}
