package picker

import (
	"testing"

	"github.com/switchrole/switchrole/config"
)

// TestViaSaysHowATargetIsReached: the picker's last column names the
// source, the credential_source, or the IAM Identity Center session, and
// viaWidth measures exactly what via writes.
func TestViaSaysHowATargetIsReached(t *testing.T) {
	for _, c := range []struct {
		t    config.Target
		want string
	}{
		{config.Target{Kind: config.KindSource, MFASerial: "arn:aws:iam::111111111111:mfa/alice"}, "source +mfa"},
		{config.Target{Kind: config.KindRole, Source: "jump"}, "via jump"},
		{config.Target{Kind: config.KindRole, CredentialSource: "Ec2InstanceMetadata"}, "via Ec2InstanceMetadata"},
		{config.Target{Kind: config.KindSource, SSOSession: "corp"}, "via sso:corp"},
	} {
		if got := via(&c.t); got != c.want {
			t.Errorf("via(%+v) = %q, want %q", c.t, got, c.want)
		}
		if got := viaWidth(&c.t); got != len(c.want) {
			t.Errorf("viaWidth for %q = %d", c.want, got)
		}
	}
}
