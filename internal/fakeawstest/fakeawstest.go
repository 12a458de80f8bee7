// Package fakeawstest starts the fake AWS (internal/fakeaws) for a test and stops
// it when the test ends. It lives apart from fakeaws because fakeaws is
// linked into every switchrole binary for `switchrole demo`, and a helper
// taking testing.TB there would link the testing package into the product.
package fakeawstest

import (
	"testing"

	"github.com/switchrole/switchrole/internal/fakeaws"
)

// Start builds a fake with opts, starts it on a free loopback port and
// closes it when the test ends. It fails the test if the fake cannot start
// (an invalid WithUser/WithRole option, or no port to listen on).
func Start(t testing.TB, opts ...fakeaws.Option) *fakeaws.Server {
	t.Helper()
	s := fakeaws.New(opts...)
	if err := s.Start(); err != nil {
		t.Fatalf("start fake AWS: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}
