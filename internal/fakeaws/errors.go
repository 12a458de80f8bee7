package fakeaws

import (
	"fmt"
	"net/http"
)

// apiError is an STS error response: HTTP status, AWS code and message.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

// Messages AWS sends, verbatim (aws-wire.md §2.3).
const (
	msgInvalidClientToken = "The security token included in the request is invalid."
	msgExpiredToken       = "The security token included in the request is expired"
	msgMissingAuth        = "Request is missing Authentication Token"
	msgMFABoth            = "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code."
	msgMFAAssumeRole      = "MultiFactorAuthentication failed with invalid MFA one time pass code. "
	msgMFASessionToken    = "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user."
	msgChainingCap        = "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."
	msgMaxSession         = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
)

func accessDenied(message string) *apiError {
	return &apiError{http.StatusForbidden, "AccessDenied", message}
}

// notAuthorized is AWS's AccessDenied sentence for a denied action. AWS
// uses it for a missing role too, so role existence is never revealed.
func notAuthorized(callerARN, action, resource string) *apiError {
	return accessDenied(fmt.Sprintf("User: %s is not authorized to perform: %s on resource: %s", callerARN, action, resource))
}

func validationError(message string) *apiError {
	return &apiError{http.StatusBadRequest, "ValidationError", message}
}
