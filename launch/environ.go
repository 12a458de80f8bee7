package launch

import (
	"cmp"
	"fmt"
	"runtime"
	"strings"
)

// Environ returns base without the variables that could compete with the
// session (see the package documentation), plus the session's own variables.
//
// Base keeps its order; a variable that appears more than once keeps its
// first position and its last value, the value os/exec would pass on. The
// session's variables follow in a fixed order, then Extra sorted by name.
// Entries of base that are not KEY=VALUE are dropped, and so are Extra
// entries that Session.Validate rejects.
func Environ(base []string, s Session) []string {
	vars := s.vars()
	replaced := make(map[string]bool, len(vars))
	for _, v := range vars {
		replaced[foldKey(v.Key)] = true
	}
	cleared := make(map[string]bool, len(clearedVars))
	for _, k := range clearedVars {
		cleared[foldKey(k)] = true
	}

	out := make([]string, 0, len(base)+len(vars))
	index := make(map[string]int, len(base))
	for _, kv := range base {
		key, _, ok := splitEnv(kv)
		if !ok {
			continue
		}
		k := foldKey(key)
		if cleared[k] || replaced[k] || strings.HasPrefix(k, clearedPrefix) {
			continue
		}
		if i, seen := index[k]; seen {
			out[i] = kv
			continue
		}
		index[k] = len(out)
		out = append(out, kv)
	}
	for _, v := range vars {
		out = append(out, v.Key+"="+v.Value)
	}
	return out
}

// ShellEnviron is Environ for a switchrole shell: the same variables plus
// EnvShell, which marks the shell for CheckNesting.
func ShellEnviron(base []string, s Session) []string {
	k := foldKey(EnvShell)
	kept := make([]string, 0, len(base))
	for _, kv := range base {
		if key, _, ok := splitEnv(kv); ok && foldKey(key) == k {
			continue
		}
		kept = append(kept, kv)
	}
	return append(Environ(kept, s), EnvShell+"="+cmp.Or(s.Target, "session"))
}

// CheckNesting refuses to start a shell inside another switchrole or
// aws-vault shell: leaving the inner shell would drop the user back into an
// account they may have forgotten. Variables exported with `switchrole env`
// are not a shell (they carry no EnvShell) and a new shell simply replaces
// them. The error is one sentence naming the outer target.
func CheckNesting(env []string) error {
	if t, ok := Lookup(env, EnvShell); ok && t != "" {
		return &NestedError{Tool: "switchrole", Target: t}
	}
	if p, ok := Lookup(env, EnvAWSVault); ok && p != "" {
		return &NestedError{Tool: "aws-vault", Target: p}
	}
	return nil
}

// NestedError says that the environment already belongs to a credentialed
// shell (switchrole's own or aws-vault's). The CLI may bypass it with --force.
type NestedError struct {
	// Tool is "switchrole" or "aws-vault".
	Tool string
	// Target is the outer shell's target or aws-vault profile.
	Target string
}

func (e *NestedError) Error() string {
	article := "a"
	if strings.HasPrefix(e.Tool, "a") {
		article = "an"
	}
	if e.Tool == "switchrole" {
		return fmt.Sprintf("already in a switchrole shell for %s; exit it first, use --force to nest, or replace its variables in place with eval \"$(switchrole env TARGET)\"", e.Target)
	}
	return fmt.Sprintf("already in %s %s shell for %s; exit it first or use --force", article, e.Tool, e.Target)
}

// Lookup returns the value of key in env the way a child process started
// with env sees it (the last occurrence wins), and whether it is present.
func Lookup(env []string, key string) (string, bool) {
	k := foldKey(key)
	for i := len(env) - 1; i >= 0; i-- {
		name, value, ok := splitEnv(env[i])
		if ok && foldKey(name) == k {
			return value, true
		}
	}
	return "", false
}

// splitEnv splits KEY=VALUE. A leading '=' belongs to the key, as in the
// hidden per-drive variables of Windows ("=C:=C:\\dir").
func splitEnv(kv string) (key, value string, ok bool) {
	if kv == "" {
		return "", "", false
	}
	i := strings.IndexByte(kv[1:], '=')
	if i < 0 {
		return "", "", false
	}
	return kv[:i+1], kv[i+2:], true
}

// foldKey maps a variable name to its identity: names are case-insensitive
// on Windows and case-sensitive elsewhere.
func foldKey(key string) string {
	if runtime.GOOS == "windows" {
		return strings.ToUpper(key)
	}
	return key
}
