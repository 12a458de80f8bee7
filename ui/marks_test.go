package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

var ctrlSpace = tea.KeyPressMsg{Code: tea.KeySpace, Mod: tea.ModCtrl}

// mark filters on q and marks the first row.
func (d *driver) mark(q string) {
	d.t.Helper()
	d.key("ctrl+u")
	d.typeText(q)
	d.send(ctrlSpace)
}

func TestMarkedTargetsRunOneCommandTogether(t *testing.T) {
	if ctrlSpace.String() != "ctrl+space" {
		t.Fatalf("ctrl+space reads as %q", ctrlSpace.String())
	}
	d, be := newDriver(t, Options{})
	d.mark("staging")
	d.mark("sandbox")
	if !strings.HasPrefix(d.m.status, "2 marked") {
		t.Errorf("status %q", d.m.status)
	}
	d.key("ctrl+u")
	for _, name := range []string{"staging/Developer", "sandbox/Admin"} {
		if !rowShows(d.view(), name, "•") {
			t.Errorf("%s is not shown marked:\n%s", name, d.view())
		}
	}
	if rowShows(d.view(), "prod-core/Admin", "•") {
		t.Errorf("an unmarked row shows a mark:\n%s", d.view())
	}
	d.key("ctrl+x")
	d.typeText("aws s3 ls")
	d.key("enter")
	d.pump("the picker to end", func(d *driver) bool { return d.quit })
	res, err := d.m.Result()
	if err != nil || res.Action != ActionExec || !slices.Equal(res.Command, []string{"/bin/sh", "-c", "aws s3 ls"}) {
		t.Fatalf("result %+v, %v", res, err)
	}
	var names []string
	for _, t := range res.Targets {
		names = append(names, t.Name)
	}
	if !slices.Equal(names, []string{"staging/Developer", "sandbox/Admin"}) || res.Target != res.Targets[0] {
		t.Errorf("targets %v, target %v", names, res.Target.Name)
	}
	if r, _, _, _, _ := be.snapshot(); len(r) != 0 {
		t.Errorf("the picker fetched credentials the CLI fetches for all of them at once: %v", r)
	}
}

func TestMarkedTargetsOpenTheirConsolesWithOneSummary(t *testing.T) {
	d, be := newDriver(t, Options{})
	d.mark("prod-data") // needs an MFA code
	d.mark("staging")
	d.mark("sandbox")
	d.mark("staging") // unmarked again
	d.key("ctrl+o")
	d.pump("the MFA screen", onScreen(screenMFA))
	d.typeText("123456")
	d.pump("the consoles", idle)
	_, c, _, _, _ := be.snapshot()
	slices.Sort(c)
	if !slices.Equal(c, []string{"prod-data/Admin", "sandbox/Admin"}) {
		t.Errorf("consoles opened: %v", c)
	}
	if d.m.status != "Opened all 2 consoles." || d.quit {
		t.Errorf("status %q, quit %v", d.m.status, d.quit)
	}
}

func TestMarkedConsolesSayWhichFailed(t *testing.T) {
	d, be := newDriver(t, Options{})
	be.failWith = errors.New("access denied")
	d.mark("staging")
	d.mark("sandbox")
	d.key("ctrl+o")
	d.pump("the consoles", idle)
	if !strings.HasPrefix(d.m.status, "Opened 0 of 2 consoles; 2 failed: ") || !d.m.statusIsErr {
		t.Errorf("status %q", d.m.status)
	}
}

// rowShows reports whether the row naming name starts with the mark.
func rowShows(view, name, mark string) bool {
	for line := range strings.Lines(view) {
		if strings.Contains(line, name) {
			// The cursor column is two cells: "> " or "  ", the mark second.
			return strings.HasPrefix(line, " "+mark) || strings.HasPrefix(line, ">"+mark)
		}
	}
	return false
}
