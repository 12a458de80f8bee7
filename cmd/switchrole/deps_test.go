package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The front exists to start in a few milliseconds: Go initialises every
// linked package at every start, and the SDK's config and service packages,
// the terminal UI and cobra each cost more than a warm answer. They belong
// to the engine. The SDK's core aws package, through net/http and
// crypto/tls, costs 0.3–0.4 ms (BENCHMARKS.md, session 5): out too.
func TestFrontLinksNeitherTheSDKNorTheUI(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	forbidden := []string{
		"github.com/aws/aws-sdk-go-v2/aws",
		"github.com/aws/aws-sdk-go-v2/config",
		"github.com/aws/aws-sdk-go-v2/service/",
		"charm.land/",
		"github.com/charmbracelet/",
		"github.com/spf13/cobra",
		"net/http",
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, f := range forbidden {
			// A name ending in / forbids the packages under it.
			if dep == f || strings.HasSuffix(f, "/") && strings.HasPrefix(dep, f) {
				t.Errorf("cmd/switchrole links %s", dep)
			}
		}
	}
}
