package console

import (
	"net/url"
	"strings"
)

// PortalConsoleURL is the AWS access portal's own link to an account's
// console as a permission-set role: <start URL>/#/console?account_id=ID
// &role_name=ROLE. The portal signs the browser in itself (with the
// browser's own portal sign-in), so the link holds no credentials and
// needs none to make.
func PortalConsoleURL(startURL, accountID, role string) string {
	q := url.Values{"account_id": {accountID}, "role_name": {role}}
	return strings.TrimRight(startURL, "/#") + "/#/console?" + q.Encode()
}
