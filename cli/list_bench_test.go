package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/switchrole/switchrole/config/configtest"
	"github.com/switchrole/switchrole/internal/gctune"
)

// BenchmarkListFilter100k runs `switchrole list --filter prdadm` in-process
// over a 2,000-account × 50-role TOML file (100,000 targets). The whole
// process adds start-up and page faults on top: see BENCHMARKS.md.
func BenchmarkListFilter100k(b *testing.B) {
	tomlPath, env := config100k(b)
	b.ReportAllocs()
	for b.Loop() {
		streams, _, _ := TestStreams(env...)
		streams.Out = io.Discard
		if err := Execute(context.Background(), []string{"--config", tomlPath, "list", "--filter", "prdadm"}, streams); err != nil {
			b.Fatal(err)
		}
	}
	gctune.ForLongRun()
}

// config100k writes a 2,000-account × 50-role TOML file (100,000 targets)
// and one AWS profile, and points the process at them; it returns the TOML
// path and the environment for the streams.
func config100k(b *testing.B) (string, []string) {
	dir := b.TempDir()
	tomlPath := filepath.Join(dir, "config.toml")
	awsPath := filepath.Join(dir, "aws-config")
	if err := os.WriteFile(tomlPath, configtest.GenerateTOML(2000, 50), 0o600); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(awsPath, configtest.GenerateAWSConfig(1), 0o600); err != nil {
		b.Fatal(err)
	}
	env := []string{"HOME=" + dir, "AWS_CONFIG_FILE=" + awsPath, "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(dir, "none"), "NO_COLOR=1"}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		b.Setenv(k, v)
	}
	return tomlPath, env
}
