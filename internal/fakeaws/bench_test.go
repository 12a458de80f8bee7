package fakeaws

import (
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// BenchmarkAssumeRoleSDK measures a full SDK AssumeRole round trip over
// loopback: what every role switch in the project's tests costs.
func BenchmarkAssumeRoleSDK(b *testing.B) {
	s, _ := newOrg(b)
	c := alice(b, s)
	in := &sts.AssumeRoleInput{RoleArn: sdkaws.String(readOnlyARN), RoleSessionName: sdkaws.String("bench")}
	for b.Loop() {
		if _, err := c.AssumeRole(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetCallerIdentitySDKParallel measures throughput under
// concurrent callers (lock contention on the model).
func BenchmarkGetCallerIdentitySDKParallel(b *testing.B) {
	s, _ := newOrg(b)
	c := alice(b, s)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkTOTP(b *testing.B) {
	now := time.Now()
	for b.Loop() {
		_ = TOTP(aliceSeed, now)
	}
}

// BenchmarkSigninFlow measures getSigninToken + login, the console
// federation round trips behind "open the console".
func BenchmarkSigninFlow(b *testing.B) {
	s, _ := newOrg(b)
	out, err := alice(b, s).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String(longARN), RoleSessionName: sdkaws.String("bench")})
	if err != nil {
		b.Fatal(err)
	}
	browser := noRedirect(b)
	for b.Loop() {
		token := signinToken(b, s, out.Credentials, nil)
		if resp, _ := get(b, browser, loginURL(s, token, "")); resp.StatusCode != 302 {
			b.Fatalf("login = %d", resp.StatusCode)
		}
	}
}
