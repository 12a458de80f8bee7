package fanout

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// maxErrorWidth bounds the error shown in a summary row.
const maxErrorWidth = 100

// WriteSummary writes the end-of-run table: one row per target (target,
// exit code, time), failures first with their first error line, then a
// count. "-" stands for the exit code and time of a command that never ran.
func WriteSummary(w io.Writer, rep *Report) error {
	var table bytes.Buffer
	tw := tabwriter.NewWriter(&table, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TARGET\tEXIT\tTIME\t")
	var failed, ok []*Result
	for i := range rep.Results {
		if rep.Results[i].Failed() {
			failed = append(failed, &rep.Results[i])
		} else {
			ok = append(ok, &rep.Results[i])
		}
	}
	for _, res := range append(failed, ok...) {
		code, took := "-", "-"
		if res.Ran || res.ExitCode != 0 {
			code = strconv.Itoa(res.ExitCode)
			took = duration(res.Duration)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", res.Target.Name, code, took, firstError(res))
	}
	tw.Flush()
	var b strings.Builder
	for line := range strings.Lines(table.String()) {
		b.WriteString(strings.TrimRight(line, " \n") + "\n")
	}
	b.WriteString(countLine(rep, len(failed)) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// firstError is what a failure's row says: the first line the command
// wrote on stderr, or why it did not run.
func firstError(res *Result) string {
	if !res.Failed() {
		return ""
	}
	msg := res.FirstError
	if errors.Is(res.Err, ErrInterrupted) {
		msg = "interrupted"
		if res.Ran {
			msg = "interrupted, then terminated"
		}
	} else if msg == "" && res.Err != nil {
		msg = res.Err.Error()
	}
	msg = strings.TrimSpace(strings.SplitN(msg, "\n", 2)[0])
	if r := []rune(msg); len(r) > maxErrorWidth {
		msg = string(r[:maxErrorWidth-1]) + "…"
	}
	return msg
}

// countLine is the summary's last line.
func countLine(rep *Report, failed int) string {
	total := len(rep.Results)
	took := duration(rep.Elapsed)
	switch {
	case rep.Interrupted:
		finished := 0
		for i := range rep.Results {
			if !errors.Is(rep.Results[i].Err, ErrInterrupted) {
				finished++
			}
		}
		return fmt.Sprintf("interrupted after %s: %d of %d targets finished, %d failed or cut short", took, finished, total, failed)
	case failed == 0:
		return fmt.Sprintf("all %d targets succeeded in %s", total, took)
	default:
		return fmt.Sprintf("%d of %d targets failed (%s)", failed, total, took)
	}
}

// duration is d for people: "850ms", "1.2s", "2m05s".
func duration(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	default:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
}
