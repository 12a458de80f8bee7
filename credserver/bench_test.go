package credserver

import (
	"net/http"
	"testing"
	"time"
)

// BenchmarkAnswer is one credentials request over loopback HTTP, as an SDK
// makes it, from a kept-alive connection.
func BenchmarkAnswer(b *testing.B) {
	src := &source{lifetime: time.Hour}
	src.cached = src.issue()
	s, err := Start(src, src.cached, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	req, _ := http.NewRequest(http.MethodGet, s.URL(), nil)
	req.Header.Set("Authorization", s.Token())
	b.ResetTimer()
	for b.Loop() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatal(err)
		}
		buf := make([]byte, 4096)
		for {
			if _, err := resp.Body.Read(buf); err != nil {
				break
			}
		}
		resp.Body.Close()
	}
}
