package plan

import (
	"fmt"
	"time"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/english"
)

// DurationError: a configured duration is outside AWS's 15m–12h range.
type DurationError struct {
	Target   string
	Duration time.Duration
	Origin   config.Origin
}

func (e *DurationError) Error() string {
	return fmt.Sprintf("duration %s of target %s is outside AWS's 15m to 12h range: change it%s", english.Duration(e.Duration), e.Target, e.Origin.At())
}

// SourceError: a target's source cannot be found or it has nothing to
// assume.
type SourceError struct {
	Target, Source string
	NoRole         bool
	Origin         config.Origin
}

func (e *SourceError) Error() string {
	switch {
	case e.NoRole:
		return fmt.Sprintf("target %s has no role ARN: set role_arn%s", e.Target, e.Origin.At())
	case e.Source != "":
		return fmt.Sprintf("target %s uses source %q, which is not defined: define it or fix the source%s", e.Target, e.Source, e.Origin.At())
	default:
		return fmt.Sprintf("target %s has no source_profile, credential_source or profile to get base credentials from: set one%s", e.Target, e.Origin.At())
	}
}

// ChainError: a role chain loops or is absurdly long.
type ChainError struct {
	Target string
	Origin config.Origin
}

func (e *ChainError) Error() string {
	return fmt.Sprintf("target %s is in a role chain that loops or is longer than %d roles: check the source settings%s", e.Target, MaxChain, e.Origin.At())
}
