package discover

import (
	"context"
	"errors"
	"time"

	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// pacer spaces requests 1/rate apart across all workers, and retries a
// throttled call after a growing pause.
type pacer struct {
	tick *time.Ticker
	// backoff is the first pause after a throttled call (tests shorten it).
	backoff time.Duration
}

func newPacer(rate int) *pacer {
	return &pacer{tick: time.NewTicker(time.Second / time.Duration(rate)), backoff: 500 * time.Millisecond}
}

func (p *pacer) stop() { p.tick.Stop() }

// maxTries bounds the attempts at one throttled call.
const maxTries = 8

// call runs fn in its turn, retrying TooManyRequestsException.
func (p *pacer) call(ctx context.Context, fn func() error) error {
	pause := p.backoff
	for try := 1; ; try++ {
		select {
		case <-p.tick.C:
		case <-ctx.Done():
			return ctx.Err()
		}
		err := fn()
		var throttled *orgtypes.TooManyRequestsException
		if !errors.As(err, &throttled) || try == maxTries {
			return err
		}
		t := time.NewTimer(pause)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
		pause = min(2*pause, 8*time.Second)
	}
}
