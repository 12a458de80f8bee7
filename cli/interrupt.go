package cli

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// InterruptContext returns a context cancelled by SIGINT or SIGTERM, as
// signal.NotifyContext would, and the function that releases it.
//
// The signal handlers are installed only when something first waits on
// the context (its Done channel): a call to AWS, an MFA prompt, a wait for
// another switchrole's lock. A warm credential-process or exec never does,
// and installing them costs ~0.3 ms of its ~4 ms (the runtime starts a
// thread for signals and makes a round trip to it per signal). Until then
// a signal simply ends the process, as it would any program that has not
// asked for it, and nothing is half-done: the cache is only read.
//
// It is the process's only owner of these signals: the picker turns Bubble
// Tea's own handler off and quits when this context ends (see ui.Run), since
// two handlers racing for one signal once left the picker hung.
func InterruptContext() (context.Context, context.CancelFunc) {
	c := &interruptContext{Context: context.Background()}
	return c, c.stop
}

type interruptContext struct {
	context.Context // the parent: Deadline and Value

	mu      sync.Mutex
	ctx     context.Context // from signal.NotifyContext, once installed
	release context.CancelFunc
	stopped bool
}

// notified returns the signal-bound context, installing it on first use.
func (c *interruptContext) notified() context.Context {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ctx == nil {
		c.ctx, c.release = signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
		if c.stopped {
			c.release() // released before anyone waited: done, like a stopped NotifyContext
		}
	}
	return c.ctx
}

// Done installs the signal handlers on first use.
func (c *interruptContext) Done() <-chan struct{} { return c.notified().Done() }

// Err is nil until the handlers are installed, since no signal can have
// been caught before.
func (c *interruptContext) Err() error {
	c.mu.Lock()
	ctx := c.ctx
	c.mu.Unlock()
	if ctx == nil {
		return nil
	}
	return ctx.Err()
}

func (c *interruptContext) stop() {
	c.mu.Lock()
	c.stopped = true
	release := c.release
	c.mu.Unlock()
	if release != nil {
		release()
	}
}

// String names the context in panics and debug output.
func (c *interruptContext) String() string { return "cli.InterruptContext" }
