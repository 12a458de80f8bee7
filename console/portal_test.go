package console

import "testing"

func TestPortalConsoleURL(t *testing.T) {
	for _, start := range []string{"https://d-1234567890.awsapps.com/start", "https://d-1234567890.awsapps.com/start/", "https://d-1234567890.awsapps.com/start/#"} {
		got := PortalConsoleURL(start, "222222222222", "Admin+Ops")
		if want := "https://d-1234567890.awsapps.com/start/#/console?account_id=222222222222&role_name=Admin%2BOps"; got != want {
			t.Errorf("%s: %s, want %s", start, got, want)
		}
	}
}
