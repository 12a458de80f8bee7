package fanout

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"
)

// Target is what the run shows of a target.
type Target struct {
	// Name labels the target's lines and its row in the summary.
	Name string
	// AccountID goes into the JSON output ("" when unknown).
	AccountID string
	// Color is "#rrggbb" or "" (a colour is then chosen).
	Color string
}

// EnvFunc returns the environment the command of targets[i] runs with: for
// switchrole, the one `exec` would give it. It is called concurrently, for
// several targets at once.
type EnvFunc func(ctx context.Context, i int) ([]string, error)

// Mode is how children's output is shown.
type Mode int

const (
	// Lines prints every line as it comes, prefixed with its target's name.
	Lines Mode = iota
	// Group prints each target's output whole, prefixed, when it finishes.
	Group
	// JSON prints one JSON object per target on stdout when it finishes.
	JSON
)

// Defaults for Options' zero values.
const (
	DefaultParallel = 8
	// DefaultFetchParallel bounds the environments fetched at once: STS
	// answers in tens of milliseconds, so a few in flight keep ahead of
	// the commands without a burst of 100 calls.
	DefaultFetchParallel = 8
	// DefaultGrace is how long children may take to end after an
	// interrupt (they received it too) before they are terminated.
	DefaultGrace = 3 * time.Second
)

// Options configure Run. Zero values mean the defaults.
type Options struct {
	// Argv is the command run for every target.
	Argv []string
	// Parallel bounds the commands running at once.
	Parallel int
	// FetchParallel bounds the EnvFunc calls in flight at once.
	FetchParallel int
	Mode          Mode
	// Out and ErrOut receive children's stdout and stderr lines (and the
	// JSON objects on Out).
	Out, ErrOut io.Writer
	// Color colours the names in prefixes.
	Color bool
	// Progress draws a progress line on ErrOut (for a terminal).
	Progress bool
	// OutputDir, when set, also gets each target's output in a file of its
	// own (see OutputFile).
	OutputDir string
	// Grace is how long running children may take to end after ctx is
	// cancelled before they are terminated.
	Grace time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Result is what happened to one target.
type Result struct {
	Target Target
	// Ran reports the command was started. When false, Err says why
	// (credentials failed, or the run was interrupted first).
	Ran bool
	// ExitCode is the command's status as a shell reports it (128+N for
	// signal N, 127 not found); meaningful only when Ran or when the
	// command could not be started.
	ExitCode int
	Duration time.Duration
	// Err is why the target failed other than by its exit code: its
	// environment could not be fetched, the command could not start, the
	// run was interrupted.
	Err error
	// FirstError is the first line the command wrote on stderr ("" for
	// none), what the summary shows of a failure.
	FirstError string
	// Stdout and Stderr are the command's output, kept in JSON mode only.
	Stdout, Stderr []byte
}

// Failed reports whether the target counts as a failure.
func (r *Result) Failed() bool { return r.Err != nil || r.ExitCode != 0 }

// ErrInterrupted marks the targets that had not finished when the run was
// interrupted.
var ErrInterrupted = errors.New("interrupted")

// Report is the outcome of a run, one Result per target in the targets'
// order.
type Report struct {
	Results []Result
	// Interrupted reports ctx was cancelled before every target finished.
	Interrupted bool
	// Elapsed is the run's wall time.
	Elapsed time.Duration
}

// Failed counts the failed targets.
func (r *Report) Failed() int {
	n := 0
	for i := range r.Results {
		if r.Results[i].Failed() {
			n++
		}
	}
	return n
}

// Run runs opts.Argv once per target, each with the environment env gives
// it. It returns when every target has finished or, after ctx is cancelled,
// when the running commands have ended; the report then marks the targets
// that did not finish. The error is non-nil only for what stops the whole
// run before it starts (an output directory that cannot be created).
func Run(ctx context.Context, targets []Target, env EnvFunc, opts Options) (*Report, error) {
	r := &runner{
		targets: targets,
		env:     env,
		opts:    opts,
		now:     opts.Now,
		results: make([]Result, len(targets)),
		screen:  &screen{out: [2]io.Writer{opts.Out, opts.ErrOut}, progress: opts.Progress},
	}
	if opts.OutputDir != "" {
		files, err := createOutputFiles(opts.OutputDir, targets)
		if err != nil {
			return nil, err
		}
		r.files = files
	}
	for i, t := range targets {
		r.results[i].Target = t
	}
	if r.now == nil {
		r.now = time.Now
	}
	r.prefixes = prefixes(targets, opts.Color)
	start := r.now()
	stop := make(chan struct{})
	redrawn := make(chan struct{})
	go func() { r.screen.redraw(stop); close(redrawn) }()
	r.run(ctx)
	close(stop)
	<-redrawn
	r.screen.endProgress()
	for _, f := range r.files {
		f.Close()
	}
	return &Report{Results: r.results, Interrupted: ctx.Err() != nil && r.unfinished(), Elapsed: r.now().Sub(start)}, nil
}

// runner is one Run's state.
type runner struct {
	targets  []Target
	env      EnvFunc
	opts     Options
	now      func() time.Time
	prefixes [][]byte
	files    []*outputFile
	screen   *screen

	// mu guards results and the counts the progress line shows.
	mu                    sync.Mutex
	results               []Result
	done, failed, running int
}

// fetched is one target's environment, once its fetch has ended.
type fetched struct {
	ready chan struct{}
	env   []string
	err   error
}

func (r *runner) run(ctx context.Context) {
	n := len(r.targets)
	fetches := make([]fetched, n)
	for i := range fetches {
		fetches[i].ready = make(chan struct{})
	}
	// Fetch environments ahead of the commands, a few at a time.
	go func() {
		sem := make(chan struct{}, positive(r.opts.FetchParallel, DefaultFetchParallel))
		for i := range fetches {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				for k := i; k < n; k++ {
					fetches[k].err = ErrInterrupted
					close(fetches[k].ready)
				}
				return
			}
			go func(f *fetched) {
				defer func() { <-sem }()
				f.env, f.err = r.env(ctx, i)
				close(f.ready)
			}(&fetches[i])
		}
	}()

	// Children outlive ctx by the grace period: they received the
	// interrupt themselves and get a moment to end cleanly.
	childCtx, kill := context.WithCancel(context.WithoutCancel(ctx))
	defer kill()
	stopKilling := context.AfterFunc(ctx, func() {
		select {
		case <-time.After(positive(r.opts.Grace, DefaultGrace)):
			kill()
		case <-childCtx.Done():
		}
	})
	defer stopKilling()

	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(positive(r.opts.Parallel, DefaultParallel), max(n, 1)) {
		wg.Go(func() {
			for i := range jobs {
				f := &fetches[i]
				select {
				case <-f.ready:
				case <-ctx.Done():
				}
				if ctx.Err() != nil {
					r.finish(i, Result{Err: ErrInterrupted})
					continue
				}
				if f.err != nil {
					r.finish(i, Result{Err: f.err})
					continue
				}
				r.finish(i, r.command(childCtx, i, f.env))
			}
		})
	}
	r.progress()
feed:
	for i := range n {
		select {
		case jobs <- i:
		case <-ctx.Done():
			for k := i; k < n; k++ {
				r.finish(k, Result{Err: ErrInterrupted})
			}
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	kill()
}

// positive is v, or def when v is not positive.
func positive[T int | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// unfinished reports whether any target was cut short by the interrupt.
func (r *runner) unfinished() bool {
	for i := range r.results {
		if errors.Is(r.results[i].Err, ErrInterrupted) {
			return true
		}
	}
	return false
}

// progress redraws the progress line.
func (r *runner) progress() {
	r.mu.Lock()
	done, failed, running := r.done, r.failed, r.running
	r.mu.Unlock()
	r.screen.setProgress(done, failed, running, len(r.targets))
}

// finish records target i's result and shows what its mode shows.
func (r *runner) finish(i int, res Result) {
	res.Target = r.targets[i]
	if res.Err != nil && !res.Ran && !errors.Is(res.Err, ErrInterrupted) {
		// Why the command never ran, where its output would have been.
		line := []byte("switchrole: " + res.Err.Error() + "\n")
		if f := r.file(i); f != nil {
			f.line(line)
		}
		if r.opts.Mode != JSON {
			r.screen.write(stderr, append(append([]byte(nil), r.prefixes[i]...), line...))
		}
	}
	r.mu.Lock()
	r.results[i] = res
	r.done++
	if res.Failed() {
		r.failed++
	}
	r.mu.Unlock()
	if r.opts.Mode == JSON {
		r.screen.write(stdout, jsonLine(&res))
	}
	r.progress()
}

func (r *runner) file(i int) *outputFile {
	if r.files == nil {
		return nil
	}
	return r.files[i]
}
