// Command switchrole makes AWS role switching fast and safe: pick an account
// and role, answer MFA once a day, and get a shell, a command, export lines, a
// credential_process answer or a signed-in console.
//
// main only wires the command tree to the process and maps errors to exit
// codes; everything else lives in cli/ and the packages it calls.
package main

import (
	"fmt"
	"os"

	"github.com/switchrole/switchrole/cli"
)

func main() {
	ctx, stop := cli.InterruptContext()
	err := cli.Execute(ctx, os.Args[1:], cli.System())
	stop()
	if err != nil {
		if msg := cli.Message(err); msg != "" {
			fmt.Fprintln(os.Stderr, "switchrole: "+msg)
		}
	}
	os.Exit(cli.ExitCode(err))
}
