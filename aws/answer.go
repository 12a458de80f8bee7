package aws

import (
	"errors"
	"fmt"
	"net/http"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// foreignAnswer explains an HTTP answer that is not AWS's: a body that holds
// no AWS error code (the SDK then says "UnknownError: UnknownError") or that
// does not parse at all. Such answers come from a proxy, a load balancer, a
// captive portal or a wrong endpoint URL, whichever AWS endpoint was called,
// so the rule is by the shape of the answer, not by status or service. The
// phrase names the status and the URL asked (without query or user), and
// says who likely failed. ok is false for AWS's own errors and for failures
// with no answer at all.
func foreignAnswer(err error) (phrase string, ok bool) {
	var re *smithyhttp.ResponseError
	if !errors.As(err, &re) || re.Response == nil || re.Response.Response == nil {
		return "", false
	}
	if code := apiCode(err); code != "" && code != "UnknownError" {
		return "", false
	}
	status := re.Response.StatusCode
	var sendErr *smithyhttp.RequestSendError
	if status == 0 || errors.As(err, &sendErr) {
		return "", false // nothing was answered
	}
	where := "the endpoint"
	if req := re.Response.Request; req != nil && req.URL != nil {
		u := *req.URL
		u.User, u.RawQuery, u.Fragment = nil, "", ""
		where = (&u).String()
	}
	answered := fmt.Sprintf("%s answered HTTP %d %s", where, status, http.StatusText(status))
	const check = "AWS_ENDPOINT_URL_STS, endpoint_url and any proxy in between"
	switch {
	case status == http.StatusNotFound:
		return fmt.Sprintf("%s, which is not an AWS answer: the endpoint URL is wrong; check %s", answered, check), true
	case status >= 500:
		return fmt.Sprintf("%s with a page that is not an AWS answer, so AWS or a proxy in between failed: try again in a moment, or check %s", answered, check), true
	default:
		return fmt.Sprintf("%s with something that is not an AWS answer: check %s", answered, check), true
	}
}
