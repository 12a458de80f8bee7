package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/switchrole/switchrole/config/configtest"
)

// BenchmarkComplete100k is what a TAB after `switchrole shell ` asks over a
// 2,000-account × 50-role TOML file (100,000 targets): a prefix that
// matches 50 names, a fuzzy query that matches none by prefix, and an empty
// word (every name).
func BenchmarkComplete100k(b *testing.B) {
	dir := b.TempDir()
	tomlPath := filepath.Join(dir, "config.toml")
	awsPath := filepath.Join(dir, "aws-config")
	if err := os.WriteFile(tomlPath, configtest.GenerateTOML(2000, 50), 0o600); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(awsPath, configtest.GenerateAWSConfig(1), 0o600); err != nil {
		b.Fatal(err)
	}
	env := []string{"HOME=" + dir, "AWS_CONFIG_FILE=" + awsPath, "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(dir, "none")}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		b.Setenv(k, v)
	}
	idx, err := (&globalOptions{configFile: tomlPath}).loadIndex()
	if err != nil {
		b.Fatal(err)
	}
	prefix := idx.Target(idx.Len()/2).Account + "/"
	for _, tc := range []struct{ name, word string }{{"prefix", prefix}, {"fuzzy", "prdadm"}, {"empty", ""}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				streams, _, _ := TestStreams(env...)
				streams.Out = io.Discard
				if err := Execute(context.Background(), []string{"--config", tomlPath, "__complete", "shell", tc.word}, streams); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
