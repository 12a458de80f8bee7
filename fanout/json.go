package fanout

import "encoding/json"

// resultJSON is the stable shape of one `exec --each --json` line.
type resultJSON struct {
	Target    string `json:"target"`
	AccountID string `json:"account_id"`
	// ExitCode is null when the command never ran.
	ExitCode   *int   `json:"exit_code"`
	DurationMS int64  `json:"duration_ms"`
	Stdout     string `json:"stdout"`
	Stderr     string `json:"stderr"`
	Error      string `json:"error"`
}

// jsonLine is res as one line of JSON.
func jsonLine(res *Result) []byte {
	v := resultJSON{
		Target:     res.Target.Name,
		AccountID:  res.Target.AccountID,
		DurationMS: res.Duration.Milliseconds(),
		Stdout:     string(res.Stdout),
		Stderr:     string(res.Stderr),
	}
	if res.Err != nil {
		v.Error = res.Err.Error()
	}
	// A command that could not start has a shell's status (127, 126).
	if res.Ran || res.ExitCode != 0 {
		code := res.ExitCode
		v.ExitCode = &code
	}
	b, err := json.Marshal(v)
	if err != nil {
		// Strings and numbers always marshal; this is unreachable.
		return []byte("{}\n")
	}
	return append(b, '\n')
}
