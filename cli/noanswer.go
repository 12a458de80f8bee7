package cli

import (
	"errors"
	"fmt"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// noAnswer words a call that got no answer at all (offline, a VPN or proxy
// down, a wrong endpoint) as one sentence, "no answer from WHO: check …",
// instead of the SDK's "operation error …, RequestID: …"; vars are the
// endpoint variables that may point elsewhere. Any other error, nil
// included, comes back as it was. STS calls have the engine's own wording
// (aws.ErrNoAnswer); this is for the services the CLI calls itself.
func noAnswer(err error, who, vars string) error {
	var send *smithyhttp.RequestSendError
	if !errors.As(err, &send) {
		return err
	}
	return &noAnswerError{err: err, msg: fmt.Sprintf("no answer from %s: check your network, VPN or proxy (and %s), then try again", who, vars)}
}

// noAnswerError is noAnswer's sentence, keeping the SDK's error for
// errors.As.
type noAnswerError struct {
	err error
	msg string
}

func (e *noAnswerError) Error() string { return e.msg }
func (e *noAnswerError) Unwrap() error { return e.err }
