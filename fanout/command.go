package fanout

import (
	"bytes"
	"context"
	"sync"

	"github.com/switchrole/switchrole/launch"
)

// command runs the command of target i with env, its output going where
// the mode sends it, and returns its result.
func (r *runner) command(ctx context.Context, i int, env []string) Result {
	out := &targetOutput{r: r, i: i}
	streams := [2]*lineWriter{}
	for s := range streams {
		streams[s] = &lineWriter{emit: func(line []byte) { out.line(s, line) }}
	}
	r.mu.Lock()
	r.running++
	r.mu.Unlock()
	r.progress()

	start := r.now()
	code, err := launch.Run(ctx, r.opts.Argv, env, launch.Stdio{Stdout: streams[stdout], Stderr: streams[stderr]})
	elapsed := r.now().Sub(start)
	// os/exec has copied everything by now; only unfinished last lines remain.
	streams[stdout].Flush()
	streams[stderr].Flush()

	r.mu.Lock()
	r.running--
	r.mu.Unlock()
	res := Result{Ran: err == nil, ExitCode: code, Duration: elapsed, Err: err, FirstError: out.firstError}
	if ctx.Err() != nil && err != nil {
		// Terminated after the grace period: the status says how it ended.
		res.Ran, res.Err = true, ErrInterrupted
	}
	if err != nil && res.FirstError == "" {
		res.FirstError = err.Error()
	}
	switch r.opts.Mode {
	case Group:
		for _, l := range out.kept {
			r.screen.write(l.stream, l.text)
		}
	case JSON:
		res.Stdout, res.Stderr = out.buf[stdout].Bytes(), out.buf[stderr].Bytes()
	}
	return res
}

// targetOutput is where one target's lines go, from both of its streams'
// copying goroutines.
type targetOutput struct {
	r *runner
	i int

	mu         sync.Mutex
	firstError string
	kept       []keptLine      // Group: prefixed lines, in arrival order
	buf        [2]bytes.Buffer // JSON: each stream as written
	scratch    []byte          // Lines: the line being written, reused
}

type keptLine struct {
	stream int
	text   []byte
}

// line takes one whole line (newline included) of the given stream.
func (o *targetOutput) line(stream int, line []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if stream == stderr && o.firstError == "" {
		o.firstError = string(bytes.TrimSpace(line))
	}
	if f := o.r.file(o.i); f != nil {
		f.line(line)
	}
	switch o.r.opts.Mode {
	case Lines:
		// One write per line; the screen does not keep it.
		o.scratch = append(append(o.scratch[:0], o.r.prefixes[o.i]...), line...)
		o.r.screen.write(stream, o.scratch)
	case Group:
		o.kept = append(o.kept, keptLine{stream, o.prefixed(line)})
	case JSON:
		o.buf[stream].Write(line)
	}
}

// prefixed is line after the target's prefix, in a new slice.
func (o *targetOutput) prefixed(line []byte) []byte {
	p := o.r.prefixes[o.i]
	b := make([]byte, 0, len(p)+len(line))
	return append(append(b, p...), line...)
}
