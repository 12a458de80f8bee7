// Command switchrole is the fast front of switchrole: it answers warm
// credential-process, env and exec calls and list by itself, in a few
// milliseconds, and hands everything else to switchrole-engine, installed
// beside it. See package front.
//
//	go install github.com/switchrole/switchrole/cmd/...@latest
package main

import (
	"os"

	"github.com/switchrole/switchrole/front"
)

func main() {
	os.Exit(front.Main(os.Args[1:]))
}
