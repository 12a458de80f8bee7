package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// driver plays the part of tea.Program in direct Update tests: it runs the
// commands Update returns in goroutines and feeds their messages back, one
// at a time on the test goroutine. Timers (spinner and refresh ticks) are
// dropped so tests never wait on them.
type driver struct {
	t    *testing.T
	m    Model
	msgs chan tea.Msg
	seen []tea.Msg
	quit bool
	// inflight counts command goroutines, so cleanup can wait for them
	// before the test's temporary directory (the state file) is removed.
	inflight sync.WaitGroup
}

func newDriver(t *testing.T, opts Options) (*driver, *fakeBackend) {
	t.Helper()
	be, _ := opts.Backend.(*fakeBackend)
	if opts.Backend == nil {
		be = newFakeBackend()
		opts.Backend = be
	}
	if opts.Targets == nil {
		opts.Targets = testTargets()
	}
	if opts.StatePath == "" {
		opts.StatePath = filepath.Join(t.TempDir(), "state.json")
	}
	if opts.Shell == "" {
		opts.Shell = "/bin/sh"
	}
	d := &driver{t: t, m: NewModel(context.Background(), opts), msgs: make(chan tea.Msg, 64)}
	// Registered after t.TempDir, so it runs before the directory is removed.
	t.Cleanup(d.drain)
	d.send(tea.WindowSizeMsg{Width: 100, Height: 20})
	return d, be
}

// drain waits (bounded) for command goroutines still running when the test
// ends, discarding what they deliver.
func (d *driver) drain() {
	done := make(chan struct{})
	go func() { d.inflight.Wait(); close(done) }()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case <-done:
			return
		case <-d.msgs:
		case <-timeout:
			return
		}
	}
}

var cmdSliceType = reflect.TypeOf([]tea.Cmd(nil))

// run executes cmd asynchronously; batches run in parallel, sequences in
// order.
func (d *driver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	d.inflight.Add(1)
	go func() {
		defer d.inflight.Done()
		d.deliver(cmd())
	}()
}

func (d *driver) deliver(msg tea.Msg) {
	if msg == nil {
		return
	}
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			d.run(c)
		}
		return
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().ConvertibleTo(cmdSliceType) {
		// tea.Sequence: run one after the other.
		cmds := v.Convert(cmdSliceType).Interface().([]tea.Cmd)
		d.inflight.Add(1)
		go func() {
			defer d.inflight.Done()
			for _, c := range cmds {
				if c != nil {
					d.deliver(c())
				}
			}
		}()
		return
	}
	d.msgs <- msg
}

// send updates the model with msg at once and schedules its commands.
func (d *driver) send(msg tea.Msg) {
	d.t.Helper()
	switch msg.(type) {
	case spinner.TickMsg, refreshMsg:
		return
	case tea.QuitMsg:
		d.quit = true
		return
	}
	d.seen = append(d.seen, msg)
	nm, cmd := d.m.Update(msg)
	d.m = nm.(Model)
	d.run(cmd)
}

// pump processes messages until cond holds; it fails the test after a few
// seconds.
func (d *driver) pump(what string, cond func(d *driver) bool) {
	d.t.Helper()
	deadline := time.After(5 * time.Second)
	for !cond(d) {
		select {
		case msg := <-d.msgs:
			d.send(msg)
		case <-deadline:
			d.t.Fatalf("timed out waiting for %s; screen:\n%s", what, d.view())
		}
	}
}

// settle processes messages for a short while (for asserting that nothing
// more happens).
func (d *driver) settle() {
	d.t.Helper()
	for {
		select {
		case msg := <-d.msgs:
			d.send(msg)
		case <-time.After(50 * time.Millisecond):
			return
		}
	}
}

func (d *driver) view() string { return ansi.Strip(d.m.render()) }

func (d *driver) typeText(s string) {
	d.t.Helper()
	for _, r := range s {
		if r == ' ' {
			d.send(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
			continue
		}
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func (d *driver) key(name string) {
	d.t.Helper()
	d.send(keyMsg(name))
}

func keyMsg(name string) tea.KeyPressMsg {
	switch name {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	}
	if rest, ok := strings.CutPrefix(name, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: []rune(rest)[0], Mod: tea.ModCtrl}
	}
	if rest, ok := strings.CutPrefix(name, "alt+"); ok {
		return tea.KeyPressMsg{Code: []rune(rest)[0], Mod: tea.ModAlt}
	}
	panic(fmt.Sprintf("unknown key %q", name))
}

func onScreen(s screen) func(d *driver) bool { return func(d *driver) bool { return d.m.screen == s } }

func idle(d *driver) bool { return len(d.m.ops) == 0 }

func finished(d *driver) bool { return d.quit }
