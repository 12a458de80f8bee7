package cli

import (
	"errors"
	"strings"
	"testing"

	"github.com/switchrole/switchrole/config"
)

func TestConfirmEach(t *testing.T) {
	targets := []*config.Target{{Name: "prod-core/ReadOnly"}, {Name: "prod-data/ReadOnly"}}
	argv := []string{"aws", "s3", "ls"}
	for _, tt := range []struct {
		answer string
		want   error
	}{
		{"y\n", nil}, {"YES\n", nil}, {"n\n", ErrCancelled}, {"\n", ErrCancelled}, {"", ErrCancelled},
	} {
		streams, _, errOut := TestStreams()
		streams.In = strings.NewReader(tt.answer)
		streams.InIsTerminal, streams.ErrIsTerminal = true, true
		if err := confirmEach(streams, targets, argv); !errors.Is(err, tt.want) {
			t.Errorf("answer %q: %v, want %v", tt.answer, err, tt.want)
		}
		if want := "  prod-core/ReadOnly\n  prod-data/ReadOnly\nRun aws s3 ls on these 2 targets? [y/N] "; errOut.String() != want {
			t.Errorf("asked %q", errOut.String())
		}
	}
	streams, _, _ := TestStreams()
	err := confirmEach(streams, targets, argv)
	if ExitCode(err) != ExitUsage || !strings.Contains(err.Error(), "pass --yes") {
		t.Errorf("without a terminal: %v", err)
	}
}

func TestCommandLineQuotesOnlyWhatNeedsIt(t *testing.T) {
	got := commandLine([]string{"sh", "-c", "echo $HOME; exit 3", "", "it's"})
	if want := `sh -c 'echo $HOME; exit 3' '' 'it'\''s'`; got != want {
		t.Errorf("commandLine = %s, want %s", got, want)
	}
}
