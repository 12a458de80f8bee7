//go:build unix

package front

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"

	"golang.org/x/term"

	"github.com/switchrole/switchrole/cache"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/gctune"
	"github.com/switchrole/switchrole/launch"
	"github.com/switchrole/switchrole/listing"
)

// Main runs the front on the process's arguments (without the program name)
// and returns the exit code. What it does not answer itself it hands to the
// engine, and then Main does not return.
func Main(args []string) int {
	// Every answer of the front is a short run: garbage collection would
	// cost more than it frees (a large list allocates tens of megabytes; a
	// warm answer allocates little and skips the collection's pauses).
	gctune.ForShortRun()
	r, ok := parse(args)
	if ok {
		if code, answered := r.answer(os.Stdout); answered {
			return code
		}
	}
	return handOver(args)
}

// Warm answers a warm credential-process, env or exec from its shortcut and
// the cache, without loading the configuration; answered is false, with
// nothing written, for any other call. The one-binary switchrole (package
// cli) calls it first, so both builds answer warm calls through this code.
func Warm(args []string) (code int, answered bool) {
	r, ok := parse(args)
	if !ok || r.cmd == "list" {
		return 0, false
	}
	gctune.ForShortRun()
	return r.answer(os.Stdout)
}

// answer runs r. answered is false, with nothing written, when the engine
// must run it instead.
func (r *request) answer(stdout *os.File) (code int, answered bool) {
	if r.cmd == "list" {
		idx, err := config.LoadIndex(config.Options{File: r.config})
		if err != nil || idx.Len() == 0 {
			return 0, false // with nothing configured, the engine says how to start
		}
		config.WriteWarnings(os.Stderr, idx.Problems())
		color := listing.UseColor(term.IsTerminal(int(stdout.Fd())), os.Getenv)
		return finish(listing.Write(stdout, idx, r.filter, r.json, color), "")
	}
	s, ok := warmSession(r.config, r.target)
	if !ok {
		return 0, false
	}
	var buf bytes.Buffer
	switch r.cmd {
	case "credential-process":
		if launch.WriteProcessJSON(&buf, s) != nil {
			return 0, false
		}
		return finish(write(stdout, buf.Bytes()), "write the credentials")
	case "env":
		if launch.WriteEnv(&buf, s, r.format) != nil {
			return 0, false
		}
		return finish(write(stdout, buf.Bytes()), "write the environment")
	case "exec":
		if s.Validate() != nil {
			return 0, false
		}
		// Exec returns only when the command cannot start; the engine then
		// says why, with the exit code (126, 127) the CLI gives.
		_ = launch.Exec(r.argv, launch.Environ(os.Environ(), s))
	}
	return 0, false
}

// warmSession is the session the engine would return for target as typed
// when its shortcut holds (no configuration file changed since the engine
// recorded it) and its cache entry is fresh: the same key, the same store,
// the same conversion. ok is false for anything else.
func warmSession(configFlag, target string) (launch.Session, bool) {
	files := configFiles(configFlag)
	dir, err := cache.DefaultDir()
	if err != nil {
		return launch.Session{}, false
	}
	sc, ok := cache.ReadShortcut(dir, shortcutID(target, files))
	if !ok {
		return launch.Session{}, false
	}
	now, ok := stamps(files)
	if !ok || !slices.Equal(sc.Files, now) {
		return launch.Session{}, false
	}
	store, err := cache.Open(dir, cache.WithRefreshWindow(sc.RefreshWindow))
	if err != nil {
		return launch.Session{}, false
	}
	ent, ok := store.Get(sc.Key)
	if !ok {
		return launch.Session{}, false
	}
	creds := launch.Credentials{
		AccessKeyID:     ent.AccessKeyID,
		SecretAccessKey: ent.SecretAccessKey,
		SessionToken:    ent.SessionToken,
		CanExpire:       true,
		Expires:         ent.Expiration,
		AccountID:       ent.AccountID,
	}
	t := config.Target{Name: sc.Target, Account: sc.Account, AccountID: sc.AccountID}
	return launch.NewSession(&t, creds, sc.Region), true
}

func write(w io.Writer, b []byte) error {
	_, err := w.Write(b)
	return err
}

// finish turns the outcome of an answer already (partly) written into an
// exit code: once output has started, the front cannot hand over, so it
// reports a failure itself, in the CLI's words.
func finish(err error, what string) (int, bool) {
	if err == nil {
		return 0, true
	}
	if what != "" {
		err = fmt.Errorf("%s: %w", what, err)
	}
	fmt.Fprintln(os.Stderr, "switchrole: "+err.Error())
	return 1, true
}
