package cli

import (
	"context"
	"io"
	"testing"
)

// BenchmarkComplete100k is what a TAB after `switchrole shell ` asks over a
// 2,000-account × 50-role TOML file (100,000 targets): a prefix that
// matches 50 names, a fuzzy query that matches none by prefix, and an empty
// word (every name).
func BenchmarkComplete100k(b *testing.B) {
	tomlPath, env := config100k(b)
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
