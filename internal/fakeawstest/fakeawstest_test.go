package fakeawstest

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/switchrole/switchrole/internal/fakeaws"
)

func TestStartServesUntilTheTestEnds(t *testing.T) {
	var url string
	t.Run("inner", func(t *testing.T) {
		s := Start(t)
		url = s.URL()
		if !strings.HasPrefix(url, "http://127.0.0.1:") {
			t.Fatalf("URL = %q, want a loopback address", url)
		}
		resp, err := http.Get(url + "/console")
		if err != nil {
			t.Fatalf("fake not serving: %v", err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("console without a session = %d, want 401", resp.StatusCode)
		}
	})
	if resp, err := http.Get(url + "/console"); err == nil {
		_ = resp.Body.Close()
		t.Error("fake still serving after its test ended")
	}
}

// fatalRecorder is a testing.TB whose Fatalf records the message and stops
// the goroutine, as the real one does.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (r *fatalRecorder) Helper() {}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestStartFailsTheTestOnABadOption(t *testing.T) {
	rec := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Start(rec, fakeaws.WithAddr("0.0.0.0:0"))
		t.Error("Start returned although the fake could not start")
	}()
	<-done
	if !strings.Contains(rec.msg, "start fake AWS") || !strings.Contains(rec.msg, "not loopback") {
		t.Errorf("Fatalf message = %q", rec.msg)
	}
}
