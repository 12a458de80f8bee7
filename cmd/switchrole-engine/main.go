// Command switchrole-engine is the whole of switchrole — the picker, AWS
// calls, MFA prompts, the console, the demo — that the fast front
// (cmd/switchrole) hands over to. It is the same program as the module's
// root package, which `go run . demo` builds.
package main

import (
	"os"

	"github.com/switchrole/switchrole/cli"
)

func main() {
	os.Exit(cli.Main())
}
