package pace

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

var errThrottled = errors.New("throttled")

func isThrottled(err error) bool { return errors.Is(err, errThrottled) }

func fastPacer() *Pacer {
	p := New(1000)
	p.Backoff, p.MaxBackoff = time.Millisecond, 2*time.Millisecond
	return p
}

func TestCallRetriesThrottling(t *testing.T) {
	p := fastPacer()
	defer p.Stop()
	calls := 0
	err := p.Call(context.Background(), isThrottled, func() error {
		if calls++; calls < 3 {
			return errThrottled
		}
		return nil
	})
	if err != nil || calls != 3 {
		t.Fatalf("err %v after %d calls, want success on the third", err, calls)
	}
	calls = 0
	err = p.Call(context.Background(), isThrottled, func() error { calls++; return errThrottled })
	if !errors.Is(err, errThrottled) || calls != p.Tries {
		t.Fatalf("err %v after %d calls, want the throttling after %d", err, calls, p.Tries)
	}
	other := errors.New("denied")
	calls = 0
	if err := p.Call(context.Background(), isThrottled, func() error { calls++; return other }); err != other || calls != 1 {
		t.Fatalf("a non-throttling error was retried (%d calls, %v)", calls, err)
	}
}

func TestEachStopsAtFirstError(t *testing.T) {
	var started atomic.Int32
	boom := errors.New("boom")
	finished := 0
	err := Each(context.Background(), 100, 2, func(ctx context.Context, i int) error {
		started.Add(1)
		if i == 3 {
			return boom
		}
		return nil
	}, func(n int) { finished = n })
	if err != boom {
		t.Fatalf("err = %v", err)
	}
	if n := started.Load(); n >= 100 {
		t.Errorf("all %d calls started after the failure", n)
	}
	if finished == 0 || finished >= 100 {
		t.Errorf("finished = %d", finished)
	}
	err = Each(context.Background(), 50, 4, func(context.Context, int) error { return nil }, func(n int) { finished = n })
	if err != nil || finished != 50 {
		t.Fatalf("err %v, finished %d of 50", err, finished)
	}
}
