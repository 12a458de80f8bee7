package pace

import (
	"context"
	"errors"
	"fmt"
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

func TestPagesFollowsTokens(t *testing.T) {
	p := fastPacer()
	defer p.Stop()
	// An empty page with a token goes on; a throttled page is asked for
	// again with the same token; "" ends the listing.
	tokens := []string{"a", "b", ""}
	var asked []string
	throttledOnce := false
	err := p.Pages(context.Background(), isThrottled, func(next *string) (*string, error) {
		got := "<nil>"
		if next != nil {
			got = *next
		}
		asked = append(asked, got)
		if got == "a" && !throttledOnce {
			throttledOnce = true
			return nil, errThrottled
		}
		n := tokens[0]
		tokens = tokens[1:]
		return &n, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"<nil>", "a", "a", "b"}; fmt.Sprint(asked) != fmt.Sprint(want) {
		t.Fatalf("asked with %q, want %q", asked, want)
	}
	boom := errors.New("boom")
	if err := p.Pages(context.Background(), isThrottled, func(*string) (*string, error) { return nil, boom }); err != boom {
		t.Fatalf("err = %v, want the page's", err)
	}
}
