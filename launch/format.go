package launch

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Formats lists the names WriteEnv accepts, in the order help text shows
// them. "sh" also serves bash and zsh; WriteEnv also accepts the aliases
// "bash", "zsh" and "pwsh".
var Formats = []string{"sh", "fish", "powershell", "dotenv", "json"}

// KnownFormat reports whether `env --format` accepts f: one of Formats, the
// shells that share a format (bash, zsh, pwsh), or "" for sh. The CLI checks
// it first, so a typo fails before any MFA prompt or AWS call.
func KnownFormat(f string) bool {
	switch f {
	case "", "bash", "zsh", "pwsh":
		return true
	}
	return slices.Contains(Formats, f)
}

// WriteEnv writes the session's variables to w in a form the user's shell
// (or tool) reads back verbatim:
//
//   - sh (the default for ""): `unset K` for every cleared variable, then
//     `export K='v'`; for `eval "$(switchrole env ...)"` in sh, bash, zsh.
//   - fish: `set -e K; or true;` then `set -gx K 'v';`.
//   - powershell: `Remove-Item Env:K -ErrorAction SilentlyContinue` then
//     `$Env:K = 'v'`.
//   - dotenv: `K=v`, quoted only when needed; it cannot unset anything.
//   - json: one object of the variables set.
//
// Values are always quoted so that evaluating the output can never expand
// or run anything, whatever the target name or an Extra value contains.
// An unknown format is an error listing the valid ones; w receives nothing
// in that case.
func WriteEnv(w io.Writer, s Session, format string) error {
	render, err := renderer(format)
	if err != nil {
		return err
	}
	if err := s.Validate(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	render(bw, s.unsetVars(), s.vars())
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s environment: %w", cmp.Or(format, "sh"), err)
	}
	return nil
}

type renderFunc func(w *bufio.Writer, unset []string, set []envVar)

func renderer(format string) (renderFunc, error) {
	switch strings.ToLower(format) {
	case "", "sh", "bash", "zsh":
		return renderSh, nil
	case "fish":
		return renderFish, nil
	case "powershell", "pwsh":
		return renderPowerShell, nil
	case "dotenv":
		return renderDotenv, nil
	case "json":
		return renderJSON, nil
	}
	return nil, fmt.Errorf("unknown format %q; use one of %s", format, strings.Join(Formats, ", "))
}

func renderSh(w *bufio.Writer, unset []string, set []envVar) {
	for _, k := range unset {
		fmt.Fprintf(w, "unset %s\n", k)
	}
	for _, v := range set {
		fmt.Fprintf(w, "export %s=%s\n", v.Key, shQuote(v.Value))
	}
}

func renderFish(w *bufio.Writer, unset []string, set []envVar) {
	for _, k := range unset {
		// "or true": set keeps the last status, and erasing a variable
		// that is not there fails, which would fail `... | source; and ...`.
		fmt.Fprintf(w, "set -e %s; or true;\n", k)
	}
	for _, v := range set {
		fmt.Fprintf(w, "set -gx %s %s;\n", v.Key, fishQuote(v.Value))
	}
}

func renderPowerShell(w *bufio.Writer, unset []string, set []envVar) {
	for _, k := range unset {
		fmt.Fprintf(w, "Remove-Item Env:%s -ErrorAction SilentlyContinue\n", k)
	}
	for _, v := range set {
		fmt.Fprintf(w, "$Env:%s = %s\n", v.Key, powerShellQuote(v.Value))
	}
}

func renderDotenv(w *bufio.Writer, _ []string, set []envVar) {
	for _, v := range set {
		fmt.Fprintf(w, "%s=%s\n", v.Key, dotenvQuote(v.Value))
	}
}

// renderJSON writes an object whose keys keep the order of the other
// formats (encoding/json would sort a map).
func renderJSON(w *bufio.Writer, _ []string, set []envVar) {
	w.WriteString("{")
	for i, v := range set {
		if i > 0 {
			w.WriteString(",")
		}
		k, _ := json.Marshal(v.Key)
		val, _ := json.Marshal(v.Value)
		fmt.Fprintf(w, "\n  %s: %s", k, val)
	}
	w.WriteString("\n}\n")
}

// shQuote wraps s in single quotes, inside which POSIX shells expand
// nothing; each single quote inside is closed, escaped and reopened.
func shQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// fishQuote wraps s in single quotes; inside them fish only treats \\ and
// \' as escapes.
func fishQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`)
	return "'" + r.Replace(s) + "'"
}

// powerShellQuote wraps s in a verbatim (single-quoted) string. PowerShell
// also accepts the typographic quotes ‘ ’ ‚ ‛ as delimiters, so those are
// doubled too.
func powerShellQuote(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\'', '\u2018', '\u2019', '\u201a', '\u201b':
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	b.WriteByte('\'')
	return b.String()
}

// dotenvQuote leaves plain values bare (credentials always are), uses single
// quotes, which dotenv readers (docker compose, python-dotenv, node dotenv)
// take literally, when the value holds no single quote, backslash or line
// break, and otherwise double quotes with \\ \" \n \r \t escapes.
//
// Dotenv has no common escape for '$': readers that interpolate may expand
// "${NAME}" in a value (python-dotenv does so even inside single quotes,
// docker compose only outside them).
func dotenvQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool { return !dotenvPlain(r) }) < 0 {
		return s
	}
	if !strings.ContainsAny(s, "'\\\n\r") {
		return "'" + s + "'"
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

func dotenvPlain(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	}
	return strings.ContainsRune("_-./:+=@,%", r)
}
