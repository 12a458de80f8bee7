package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/sso"
	"github.com/switchrole/switchrole/sso/listfile"
)

// refreshListings lists again the SSO sessions whose cached listing is
// older than `[defaults] sso_listing_max_age` (a day by default), so that
// accounts and roles assigned since come by themselves, and returns the
// index reloaded when one changed. It runs on the engine's path only,
// never for a warm answer. A session that cannot be listed (not signed in,
// a failure) keeps its last good listing, with one warning line on stderr;
// it is not tried again (nor the warning repeated) for retryFailed.
func refreshListings(ctx context.Context, g *globalOptions, streams *IOStreams, idx *config.Index) (*config.Index, error) {
	conf := idx.SSO()
	if conf.MaxAge <= 0 {
		return idx, nil
	}
	files, err := listfile.DefaultCache()
	if err != nil {
		return idx, nil // nowhere to keep a listing: nothing was listed
	}
	refreshed := false
	for _, cs := range conf.Sessions {
		age := time.Since(cs.Listed)
		if cs.Listed.IsZero() || age < conf.MaxAge || time.Since(files.LastFailed(cs.CacheKey())) < min(retryFailed, conf.MaxAge) {
			continue
		}
		s := sso.SessionOf(cs)
		signer, err := newSigner(ctx, s, streams)
		if err == nil {
			_, err = listAndCache(ctx, streams, s, signer)
		}
		switch {
		case err == nil:
			refreshed = true
		case errors.Is(err, context.Canceled), errors.Is(err, aws.ErrCancelled):
			return nil, err
		default:
			_ = files.Failed(cs.CacheKey()) // at worst, the next command tries (and warns) again
			var own *aws.Error
			var none *noAnswerError
			err = unreachableSSO(s, err)
			cause := err.Error()
			if !errors.As(err, &own) && !errors.As(err, &none) {
				cause = "Identity Center answered: " + aws.ShortCause(err)
			}
			fmt.Fprintf(streams.ErrOut, "switchrole: the roles of SSO session %q are from %s (%s old) and could not be listed again: %s\n",
				s.Name, cs.Listed.Local().Format("2006-01-02 15:04"), ageWords(age), strings.TrimSuffix(cause, "."))
		}
	}
	if !refreshed {
		return idx, nil
	}
	return g.loadIndex()
}

// retryFailed is how long after a failed listing the next is tried.
const retryFailed = time.Hour

// ageWords is an age in whole days, or hours under two days.
func ageWords(d time.Duration) string {
	if d >= 48*time.Hour {
		return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	}
	return fmt.Sprintf("%d hours", int(d/time.Hour))
}
