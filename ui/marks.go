package ui

import (
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/switchrole/switchrole/config"
)

// marks are the targets marked for an action on several at once, in the
// order they were marked. The picker shows them with a dot; with marks,
// ctrl+x runs one command on all of them (the CLI fans it out after the
// picker ends, with one MFA prompt and a summary) and ctrl+o opens each
// one's console.
type marks struct {
	targets []*config.Target
	set     map[*config.Target]bool
}

func (k *marks) has(t *config.Target) bool { return k.set[t] }

// toggle marks t, or unmarks it.
func (k *marks) toggle(t *config.Target) {
	if k.set == nil {
		k.set = map[*config.Target]bool{}
	}
	if k.set[t] {
		delete(k.set, t)
		k.targets = slices.DeleteFunc(k.targets, func(x *config.Target) bool { return x == t })
		return
	}
	k.set[t] = true
	k.targets = append(k.targets, t)
}

// toggleMark marks or unmarks the selected target and says how many are
// marked and what can be done with them.
func (m Model) toggleMark() (tea.Model, tea.Cmd) {
	t, ok := m.picker.Selected()
	if !ok {
		m.setError("Nothing is selected: change the filter first.")
		return m, nil
	}
	m.marks.toggle(t)
	switch n := len(m.marks.targets); n {
	case 0:
		m.setStatus("No target is marked.")
	default:
		m.setStatus(fmt.Sprintf("%d marked · %s run a command on them · %s open their consoles · %s unmark",
			n, m.KeyMap.Exec.Help().Key, m.KeyMap.Console.Help().Key, m.KeyMap.Mark.Help().Key))
	}
	return m, nil
}

// consoleBatch follows the consoles opened for the marked targets, so the
// status line can sum them up once the last one is done.
type consoleBatch struct {
	total, done int
	failed      []string // "name: reason"
}

// openMarkedConsoles opens the console of every marked target, each as its
// own operation: the first to need the MFA session asks for the code, and
// the others find it cached.
func (m Model) openMarkedConsoles() (tea.Model, tea.Cmd) {
	if m.backend == nil {
		m.setError("No credentials backend is configured.")
		return m, nil
	}
	batch := &consoleBatch{total: len(m.marks.targets)}
	b := m.backend
	cmds := []tea.Cmd{}
	for _, t := range m.marks.targets {
		op, ctx := m.newOp(ActionConsole, t, nil)
		op.batch = batch
		cmds = append(cmds, withMFA(ctx, op.id, consoleWork(b, t, false)))
	}
	m.setStatus(fmt.Sprintf("Opening %d consoles…", batch.total))
	if spin := m.spin(); spin != nil {
		cmds = append(cmds, spin)
	}
	return m, tea.Batch(cmds...)
}

// consoleDone counts one console of a batch and sums the batch up when it
// is complete.
func (m *Model) consoleDone(op *operation, err error) {
	batch := op.batch
	batch.done++
	if err != nil {
		batch.failed = append(batch.failed, op.target.Name+": "+oneLine(err.Error()))
	}
	switch {
	case batch.done < batch.total:
		m.setStatus(fmt.Sprintf("Opened %d of %d consoles…", batch.done, batch.total))
	case len(batch.failed) == 0:
		m.setStatus(fmt.Sprintf("Opened all %d consoles.", batch.total))
	default:
		m.setError(fmt.Sprintf("Opened %d of %d consoles; %d failed: %s", batch.total-len(batch.failed), batch.total,
			len(batch.failed), batch.failed[0]))
	}
}
