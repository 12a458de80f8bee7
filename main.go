// Command switchrole makes AWS role switching fast and safe: pick an account
// and role, answer MFA once a day, and get a shell, a command, export lines, a
// credential_process answer or a signed-in console.
//
// This is the whole program in one binary, what `go run . demo` runs.
// Installed, it is split in two for speed: cmd/switchrole, a small front
// that answers warm calls, and cmd/switchrole-engine, this same program.
package main

import (
	"os"

	"github.com/switchrole/switchrole/cli"
)

func main() {
	os.Exit(cli.Main())
}
