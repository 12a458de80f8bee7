// Command startfloor exits at once, having linked what the one-binary
// switchrole (the root package, and switchrole-engine) cannot avoid linking:
// the AWS SDK's config package (for config.LoadDefaultConfig on a cache miss)
// and the terminal UI. Timing it next to that binary shows how much of a warm
// credential-process there is Go start-up and package initialisation rather
// than switchrole's own work, which is why the installed switchrole is a
// front without them (package front):
//
//	go build -o /tmp/floor ./tools/startfloor && hyperfine -N /tmp/floor
//
// scripts/bench.sh records it in BENCHMARKS.md.
package main

import (
	"os"

	_ "charm.land/bubbletea/v2"
	_ "charm.land/lipgloss/v2"
	_ "github.com/aws/aws-sdk-go-v2/config"
	_ "github.com/spf13/cobra"
)

func main() { os.Exit(0) }
