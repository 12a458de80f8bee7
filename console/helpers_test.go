package console

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/switchrole/switchrole/internal/awstest"
	"github.com/switchrole/switchrole/internal/fakeaws"
	"github.com/switchrole/switchrole/internal/fakeawstest"
)

// TestMain isolates the package from the machine: a temporary HOME, no
// AWS settings or credentials from the environment, no IMDS, no browser.
func TestMain(m *testing.M) {
	os.Exit(awstest.IsolateMain(m, "BROWSER", "SWITCHROLE_FEDERATION_URL"))
}

// The fixture organisation: alice lives in 111111111111 and may assume
// roles in 222222222222; Deploy can only be reached by chaining through
// ReadOnly.
const (
	identityAccount = "111111111111"
	prodAccount     = "222222222222"
	aliceKey        = "AKIAALICE00000000001"
	aliceSecret     = "alice/secret/key/000000000000000000000001"
	adminARN        = "arn:aws:iam::222222222222:role/Admin"
	readOnlyARN     = "arn:aws:iam::222222222222:role/ReadOnly"
	deployARN       = "arn:aws:iam::222222222222:role/ci/Deploy"
)

// newFake starts the fixture fake.
func newFake(t testing.TB, opts ...fakeaws.Option) *fakeaws.Server {
	t.Helper()
	base := []fakeaws.Option{
		fakeaws.WithUser(fakeaws.User{Name: "alice", AccountID: identityAccount, AccessKeyID: aliceKey, SecretAccessKey: aliceSecret}),
		fakeaws.WithRole(fakeaws.Role{ARN: adminARN, MaxSessionDuration: 12 * time.Hour,
			Trust: fakeaws.Trust{Principals: []string{identityAccount}}}),
		fakeaws.WithRole(fakeaws.Role{ARN: readOnlyARN, Trust: fakeaws.Trust{Principals: []string{identityAccount}}}),
		fakeaws.WithRole(fakeaws.Role{ARN: deployARN, Trust: fakeaws.Trust{Principals: []string{readOnlyARN}}}),
	}
	return fakeawstest.Start(t, append(base, opts...)...)
}

// stsClient is a real SDK client that talks only to the fake.
func stsClient(s *fakeaws.Server, akid, secret, token string) *sts.Client {
	return sts.New(sts.Options{
		Region:           "us-east-1",
		BaseEndpoint:     sdkaws.String(s.URL()),
		Credentials:      credentials.NewStaticCredentialsProvider(akid, secret, token),
		RetryMaxAttempts: 1,
	})
}

func toSDK(c *types.Credentials) sdkaws.Credentials {
	return sdkaws.Credentials{AccessKeyID: *c.AccessKeyId, SecretAccessKey: *c.SecretAccessKey,
		SessionToken: *c.SessionToken, CanExpire: true, Expires: *c.Expiration}
}

// assumeAsAlice assumes a role with alice's long-term keys.
func assumeAsAlice(t testing.TB, s *fakeaws.Server, roleARN string) sdkaws.Credentials {
	t.Helper()
	out, err := stsClient(s, aliceKey, aliceSecret, "").AssumeRole(context.Background(),
		&sts.AssumeRoleInput{RoleArn: sdkaws.String(roleARN), RoleSessionName: sdkaws.String("alice")})
	if err != nil {
		t.Fatalf("assume %s: %v", roleARN, err)
	}
	return toSDK(out.Credentials)
}

// chainedCreds assumes ReadOnly, then Deploy with ReadOnly's credentials.
func chainedCreds(t testing.TB, s *fakeaws.Server) sdkaws.Credentials {
	t.Helper()
	hop := assumeAsAlice(t, s, readOnlyARN)
	out, err := stsClient(s, hop.AccessKeyID, hop.SecretAccessKey, hop.SessionToken).AssumeRole(context.Background(),
		&sts.AssumeRoleInput{RoleArn: sdkaws.String(deployARN), RoleSessionName: sdkaws.String("ci")})
	if err != nil {
		t.Fatalf("chain into %s: %v", deployARN, err)
	}
	return toSDK(out.Credentials)
}

// sessionCreds are GetSessionToken credentials, which cannot sign in.
func sessionCreds(t testing.TB, s *fakeaws.Server) sdkaws.Credentials {
	t.Helper()
	out, err := stsClient(s, aliceKey, aliceSecret, "").GetSessionToken(context.Background(), &sts.GetSessionTokenInput{})
	if err != nil {
		t.Fatalf("get session token: %v", err)
	}
	return toSDK(out.Credentials)
}

// wantNoSecrets fails when text contains any part of the credentials.
func wantNoSecrets(t testing.TB, text string, c sdkaws.Credentials, extra ...string) {
	t.Helper()
	for _, secret := range append([]string{c.SecretAccessKey, c.SessionToken, "SigninToken="}, extra...) {
		if secret != "" && strings.Contains(text, secret) {
			t.Errorf("text leaks a secret (%.12q…): %s", secret, text)
		}
	}
}
