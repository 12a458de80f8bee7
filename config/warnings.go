package config

import (
	"bufio"
	"fmt"
	"io"
)

// WriteWarnings prints problems (Config.Problems) one line each, as
// "switchrole: warning: FILE:LINE: sentence", for commands that go on with
// the targets that work; past maxProblems, one line says how many more
// there are and that `switchrole config check` lists them all. A failed
// write is not reported: warnings must not stop the command.
func WriteWarnings(w io.Writer, problems []*Error) {
	if len(problems) == 0 {
		return
	}
	bw := bufio.NewWriter(w)
	for i, p := range problems {
		if i == maxProblems {
			fmt.Fprintf(bw, "switchrole: warning: %d more problems; `switchrole config check` lists them all\n", len(problems)-i)
			break
		}
		bw.WriteString("switchrole: warning: ")
		bw.WriteString(p.Error())
		bw.WriteByte('\n')
	}
	_ = bw.Flush()
}
