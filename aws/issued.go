package aws

import (
	"fmt"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// skewTolerance is how far this computer's clock may be from AWS's (or a
// lifetime from what was asked) before switchrole says so. AWS itself
// refuses requests signed more than 5 minutes off.
const skewTolerance = 5 * time.Minute

// checkIssued vets credentials that STS just issued for op on target,
// asked to last asked, before they are handed out or cached:
//   - an answer without a session token is an error (temporary credentials
//     without one cannot be used, and would be mistaken for long-term keys);
//   - the expiry is read against AWS's clock when the answer had an HTTP
//     Date header (meta): when this computer's clock is more than
//     skewTolerance off, the lifetime is moved onto this computer's clock,
//     so a clock that is off neither hands out credentials as fresh that
//     are not, nor throws away good ones, and it is warned about once per
//     run; within the tolerance the expiry stays as AWS wrote it;
//   - credentials already expired on arrival are an error;
//   - without AWS's clock (no Date header), the expiry is read by this
//     computer's clock: one already past is an error, and one much further
//     away than asked is capped at what was asked, with a warning that this
//     computer's clock is probably behind.
func (r *run) checkIssued(op, target string, c *sdkaws.Credentials, asked time.Duration, meta middleware.Metadata) error {
	if c.SessionToken == "" {
		return newError(ErrBadCredentials, nil, "STS %s for %s answered with credentials without a session token, which cannot be used: AWS or a proxy in between sent a broken answer; try again", op, target)
	}
	if !c.CanExpire || c.Expires.IsZero() {
		return nil
	}
	now := r.e.now()
	server, dated := awsmiddleware.GetServerTime(meta)
	dated = dated && !server.IsZero()
	if dated {
		left := c.Expires.Sub(server)
		if left <= 0 {
			return newError(ErrBadCredentials, nil, "STS %s for %s answered with credentials that had already expired by AWS's own clock (at %s): AWS or a proxy in between sent a broken answer; try again",
				op, target, c.Expires.UTC().Format(time.RFC3339))
		}
		if skew := now.Sub(server); skew > skewTolerance || skew < -skewTolerance {
			r.warn(fmt.Sprintf("this computer's clock is %s %s AWS's: set it right (enable NTP); switchrole counts credential lifetimes by AWS's clock meanwhile",
				roundSkew(skew), aheadOrBehind(skew)))
			// Date counts whole seconds: take the latest moment it can
			// mean, so a lifetime is never overestimated.
			c.Expires = now.Add(left - time.Second)
			if asked > 0 && left > asked+skewTolerance {
				c.Expires = now.Add(asked)
			}
			return nil
		}
	}
	switch left := c.Expires.Sub(now); {
	case left <= 0:
		return newError(ErrBadCredentials, nil, "STS %s for %s answered with credentials that expired %s ago by this computer's clock: if the clock is ahead, set it right (enable NTP), then try again",
			op, target, roundSkew(-left))
	case asked > 0 && left > asked+skewTolerance:
		if !dated {
			// Without AWS's clock, a lifetime this long can only mean
			// this computer's clock is behind.
			r.warn(fmt.Sprintf("credentials for %s expire in %s but were asked to last %s: this computer's clock is probably %s behind; set it right (enable NTP)",
				target, roundSkew(left), roundSkew(asked), roundSkew(left-asked)))
		}
		c.Expires = now.Add(asked)
	}
	return nil
}

// warn tells the engine's Warn function, once per run.
func (r *run) warn(msg string) {
	if r.warned || r.e.Warn == nil {
		return
	}
	r.warned = true
	r.e.Warn(msg)
}

func aheadOrBehind(skew time.Duration) string {
	if skew > 0 {
		return "ahead of"
	}
	return "behind"
}

// roundSkew writes a duration to the minute, the way switchrole writes
// durations elsewhere ("1h5m", "59m", "<1m").
func roundSkew(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	d = d.Round(time.Minute)
	switch {
	case d < time.Minute:
		return "<1m"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dh%dm", int(d.Hours()), int(d.Minutes())%60)
}
