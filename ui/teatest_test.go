package ui

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// screenHas waits until the program's output, escapes stripped, contains s.
func screenHas(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return strings.Contains(ansi.Strip(string(b)), s)
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// TestTeatestFilterPickAndMFA runs the whole picker in a teatest program:
// type a query, take the top match, answer the MFA screen, and get the
// shell action for the right target after one Retrieve with that code.
func TestTeatestFilterPickAndMFA(t *testing.T) {
	be := newFakeBackend()
	opts := Options{
		Targets: testTargets(), Backend: be, NoColor: true, Shell: "/bin/sh",
		StatePath: filepath.Join(t.TempDir(), "state.json"),
	}
	tm := teatest.NewTestModel(t, NewModel(context.Background(), opts), teatest.WithInitialTermSize(100, 24))
	screenHas(t, tm, "prod-core/ReadOnly")
	tm.Type("prdadm")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	screenHas(t, tm, "arn:aws:iam::111111111111:mfa/alice")
	tm.Type("123456")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))

	res, err := tm.FinalModel(t).(Model).Result()
	if err != nil {
		t.Fatal(err)
	}
	if res.Target == nil || res.Target.Name != "prod-core/Admin" || res.Action != ActionShell {
		t.Fatalf("result = %s %s", res.Target.Name, res.Action)
	}
	retrieved, _, _, _, codes := be.snapshot()
	if !slices.Equal(retrieved, []string{"prod-core/Admin"}) || !slices.Equal(codes, []string{"123456"}) {
		t.Errorf("backend saw retrieves %v with codes %v", retrieved, codes)
	}
}
