package front

import (
	"strings"

	"github.com/switchrole/switchrole/launch"
)

// request is a command line the front may answer. Only the forms below are
// recognised; parse reports anything else as not the front's, and the
// engine, with cobra, handles it (including every usage error):
//
//	list [--json] [--filter Q | -f Q]
//	credential-process TARGET
//	env TARGET [--format F]
//	exec TARGET -- COMMAND [ARGS...]
//
// plus --config FILE / -c FILE anywhere before "--", the command word
// included. Flags take their value as "--flag value" or "--flag=value"; the
// short forms only as "-f value".
type request struct {
	cmd    string
	config string
	target string
	// format is env's --format.
	format string
	// filter and json are list's.
	filter string
	json   bool
	// argv is exec's command.
	argv []string
}

// valueFlags maps each flag that takes a value to its long name, per
// command ("" for every command).
var valueFlags = map[string]map[string]string{
	"":     {"--config": "config", "-c": "config"},
	"list": {"--filter": "filter", "-f": "filter"},
	"env":  {"--format": "format"},
}

// parse reads args (without the program name). ok is false when the front
// should not answer.
func parse(args []string) (r request, ok bool) {
	var positional []string
	dash := false
	rest := args
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--":
			dash = true
			r.argv = rest[i+1:]
			i = len(rest)
		case r.cmd == "" && !strings.HasPrefix(a, "-"):
			switch a {
			case "list", "credential-process", "env", "exec":
				r.cmd = a
			default:
				return r, false
			}
		case a == "--json" && r.cmd == "list":
			r.json = true
		case strings.HasPrefix(a, "-") && a != "-":
			name, value, inline := strings.Cut(a, "=")
			long := flagName(r.cmd, name)
			if long == "" || (inline && !strings.HasPrefix(name, "--")) {
				return r, false
			}
			if !inline {
				if i+1 >= len(rest) || strings.HasPrefix(rest[i+1], "-") {
					return r, false
				}
				i++
				value = rest[i]
			}
			r.set(long, value)
		default:
			positional = append(positional, a)
		}
	}
	switch r.cmd {
	case "":
		return r, false
	case "list":
		return r, !dash && len(positional) == 0
	case "exec":
		if !dash || len(r.argv) == 0 || len(positional) != 1 {
			return r, false
		}
	default:
		if dash || len(positional) != 1 {
			return r, false
		}
	}
	r.target = positional[0]
	// The engine rejects an unknown format before it touches anything
	// (the cache directory included): leave that to it.
	return r, r.cmd != "env" || launch.KnownFormat(r.format)
}

// flagName is the long name of the value flag spelled name in cmd, "" when
// the front does not know it.
func flagName(cmd, name string) string {
	if long, ok := valueFlags[""][name]; ok {
		return long
	}
	return valueFlags[cmd][name]
}

func (r *request) set(long, value string) {
	switch long {
	case "config":
		r.config = value
	case "filter":
		r.filter = value
	case "format":
		r.format = value
	}
}
