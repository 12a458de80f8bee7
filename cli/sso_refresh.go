package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/detach"
	"github.com/switchrole/switchrole/internal/english"
	"github.com/switchrole/switchrole/sso"
	"github.com/switchrole/switchrole/sso/listfile"
)

// refreshListings keeps the SSO listings fresh without making anyone wait:
// for each SSO session whose cached listing is older than
// `[defaults] sso_listing_max_age` (a day by default), it starts
// `switchrole sso sync --background SESSION` on its own and goes on with
// the listing it has. Listing 2,000 accounts under Identity Center's 20
// requests a second takes about 100 s; the new accounts and roles are
// there for the commands after it. It runs on the engine's path only,
// never for a warm answer. A session is not tried again for retryListing
// after a try; when a try failed, the next command says so in one warning
// line on stderr, once, and the last good listing stays.
func refreshListings(g *globalOptions, streams *IOStreams, idx *config.Index) {
	conf := idx.SSO()
	if conf.MaxAge <= 0 || g.keepAlive {
		return // the demo lists at its start, against its own fake
	}
	files, err := listfile.DefaultCache()
	if err != nil {
		return // nowhere to keep a listing: nothing was listed
	}
	for _, cs := range conf.Sessions {
		if cs.Listed.IsZero() {
			continue // never listed: `sso login` and `sso sync` do that
		}
		key := cs.CacheKey()
		age := time.Since(cs.Listed)
		if why := files.TakeFailure(key); why != "" {
			fmt.Fprintf(streams.ErrOut, "switchrole: the roles of SSO session %q are from %s (%s old) and could not be listed again: %s\n",
				cs.Name, cs.Listed.Local().Format("2006-01-02 15:04"), ageWords(age), strings.TrimSuffix(why, "."))
		}
		if age < conf.MaxAge || time.Since(files.LastTried(key)) < min(retryListing, conf.MaxAge) {
			continue
		}
		if files.Tried(key) != nil {
			continue // cannot record the try: do not start one per command
		}
		if err := startBackgroundSync(g, cs.Name); err != nil {
			_ = files.Failed(key, "cannot start `switchrole sso sync "+cs.Name+"`: "+err.Error())
		}
	}
}

// startBackgroundSync starts `switchrole sso sync --background NAME` in
// its own session, with no terminal, and does not wait for it. A variable
// so that the package's own tests, whose executable is the test binary,
// can run it in-process instead.
var startBackgroundSync = func(g *globalOptions, name string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	args := []string{"sso", "sync", "--background", name}
	if g.configFile != "" {
		args = append([]string{"--config", g.configFile}, args...)
	}
	return detach.Start(exe, args)
}

// backgroundSyncFailed records why a background `sso sync` of s failed,
// for the next command to say (see refreshListings).
func backgroundSyncFailed(s sso.Session, err error) {
	files, ferr := listfile.DefaultCache()
	if ferr != nil || errors.Is(err, context.Canceled) {
		return
	}
	err = unreachableSSO(s, err)
	cause := err.Error()
	var own *aws.Error
	var none *noAnswerError
	if !errors.As(err, &own) && !errors.As(err, &none) {
		cause = "Identity Center answered: " + aws.ShortCause(err)
	}
	_ = files.Failed(s.CacheKey(), cause)
}

// retryListing is how long after a try the next one is made.
const retryListing = time.Hour

// ageWords is an age in whole days, or hours under two days.
func ageWords(d time.Duration) string {
	if d >= 48*time.Hour {
		return english.Count(int(d/(24*time.Hour)), "day")
	}
	return english.Count(int(d/time.Hour), "hour")
}
