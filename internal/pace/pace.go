// Package pace keeps a listing under an AWS API's request rate: calls take
// turns 1/rate apart across every worker, throttled calls are retried after
// a growing pause, Pages follows a listing's NextTokens, and Each spreads
// independent calls over a few workers.
// Identity Center's portal and Organizations both throttle listings of
// hundreds of accounts; sso and discover list through it.
package pace

import (
	"context"
	"sync"
	"time"
)

// Pacer hands out one call slot every 1/rate seconds.
type Pacer struct {
	tick *time.Ticker
	// Backoff is the first pause after a throttled call, doubled after
	// each further one up to MaxBackoff; Tries bounds the attempts.
	Backoff, MaxBackoff time.Duration
	Tries               int
}

// New returns a Pacer for rate calls per second (at least 1); Stop it.
func New(rate int) *Pacer {
	return &Pacer{
		tick:    time.NewTicker(time.Second / time.Duration(max(rate, 1))),
		Backoff: 250 * time.Millisecond, MaxBackoff: 4 * time.Second, Tries: 8,
	}
}

// Stop releases the Pacer's ticker.
func (p *Pacer) Stop() { p.tick.Stop() }

// Call runs fn in its turn, and again after a pause while it fails with an
// error throttled reports (at most Tries times in all).
func (p *Pacer) Call(ctx context.Context, throttled func(error) bool, fn func() error) error {
	pause := p.Backoff
	for try := 1; ; try++ {
		select {
		case <-p.tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
		err := fn()
		if err == nil || !throttled(err) || try >= p.Tries {
			return err
		}
		t := time.NewTimer(pause)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
		pause = min(2*pause, p.MaxBackoff)
	}
}

// Pages calls page with each NextToken in turn (nil first), each call in
// its turn as Call makes it, until AWS sends none. AWS may answer an empty
// page with a token: only the token's absence (nil or "") ends a listing.
func (p *Pacer) Pages(ctx context.Context, throttled func(error) bool, page func(next *string) (*string, error)) error {
	var next *string
	for {
		err := p.Call(ctx, throttled, func() error {
			n, err := page(next)
			if err == nil {
				next = n
			}
			return err
		})
		if err != nil || next == nil || *next == "" {
			return err
		}
	}
}

// Each runs fn(ctx, i) for every i below n, workers at a time. The first
// error cancels the calls not yet started and the context of those
// running, and is returned. done, when set, is called after each success
// with the number of successes so far (one call at a time).
func Each(ctx context.Context, n, workers int, fn func(ctx context.Context, i int) error, done func(finished int)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		firstErr error
		finished int
		wg       sync.WaitGroup
	)
	jobs := make(chan int)
	for range max(workers, 1) {
		wg.Go(func() {
			for i := range jobs {
				err := fn(ctx, i)
				mu.Lock()
				switch {
				case err != nil && firstErr == nil:
					firstErr = err
					cancel()
				case err == nil:
					finished++
					if done != nil {
						done(finished)
					}
				}
				mu.Unlock()
			}
		})
	}
feed:
	for i := range n {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}
