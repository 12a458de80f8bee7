package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
)

// Run shows the picker until the user chooses an action that leaves it
// (shell, exec, export), or gives up: then it returns ErrCancelled. The
// picker draws on stderr (or /dev/tty when stderr is redirected), never on
// stdout, so `eval "$(switchrole --export)"` sees only the CLI's output. The
// terminal is restored before Run returns.
//
// Signals have one owner: the caller, through ctx. Bubble Tea's own SIGINT
// and SIGTERM handler is off, because two owners race: when ctx won, Bubble
// Tea's handler blocked forever handing its message to a program that had
// stopped reading, its shutdown waited on that handler, and the picker hung
// with the terminal raw. When ctx ends (the CLI cancels it on SIGINT and
// SIGTERM), the model is told so and quits the ordinary way, so the terminal
// is restored and Run returns ErrCancelled.
func Run(ctx context.Context, opts Options) (Result, error) {
	if opts.Backend == nil {
		return Result{}, errors.New("picker: no credentials backend")
	}
	if len(opts.Targets) == 0 {
		return Result{}, errors.New("no targets to choose from: add profiles to ~/.aws/config or run `switchrole config init`")
	}
	out, closeOut, err := terminalOutput(opts.Output)
	if err != nil {
		return Result{}, err
	}
	defer closeOut()
	progOpts := []tea.ProgramOption{tea.WithOutput(out), tea.WithoutSignalHandler()}
	if opts.Input != nil {
		progOpts = append(progOpts, tea.WithInput(opts.Input))
	}
	return run(ctx, opts, progOpts...)
}

// run builds and runs the program; tests call it with fake terminals.
func run(ctx context.Context, opts Options, progOpts ...tea.ProgramOption) (Result, error) {
	m := NewModel(ctx, opts)
	p := tea.NewProgram(m, progOpts...)
	// Send returns at once once the program has ended, so this never
	// outlives Run for long.
	stop := context.AfterFunc(ctx, func() { p.Send(interruptedMsg{}) })
	defer stop()
	final, err := p.Run()
	switch {
	case errors.Is(err, tea.ErrInterrupted):
		if fm, ok := final.(Model); ok {
			return Result{SigninURLs: fm.signinURLs}, ErrCancelled
		}
		return Result{}, ErrCancelled
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		return Result{}, ErrCancelled
	case err != nil:
		return Result{}, fmt.Errorf("picker: %w", err)
	}
	fm, ok := final.(Model)
	if !ok {
		return Result{}, errors.New("picker: unexpected final model")
	}
	return fm.Result()
}

// terminalOutput picks where to draw: w when given, else stderr when it is
// a terminal, else /dev/tty.
func terminalOutput(w io.Writer) (io.Writer, func(), error) {
	if w != nil {
		return w, func() {}, nil
	}
	if term.IsTerminal(os.Stderr.Fd()) {
		return os.Stderr, func() {}, nil
	}
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("picker: no terminal to draw on (stderr is redirected and /dev/tty cannot be opened): %w", err)
	}
	return tty, func() { tty.Close() }, nil
}
