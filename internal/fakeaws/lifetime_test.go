package fakeaws

import (
	"context"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestLifetimeDivisorShortensAndExpiresCredentials(t *testing.T) {
	s, clk := newOrg(t, WithLifetimeDivisor(60))
	ctx := context.Background()
	out, err := alice(t, s).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: sdkaws.String(longARN), RoleSessionName: sdkaws.String("alice"), DurationSeconds: sdkaws.Int32(3600),
	})
	wantNoError(t, err)
	if got := out.Credentials.Expiration.Sub(start); got != time.Minute {
		t.Fatalf("a one-hour role session lives %s with divisor 60, want 1m", got)
	}
	role := using(t, s, out.Credentials)
	if _, err := role.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("fresh short-lived credentials refused: %v", err)
	}
	clk.Advance(61 * time.Second)
	_, err = role.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantAPIError(t, err, 403, "ExpiredToken", "")

	// The real bounds still apply to what is asked for.
	_, err = alice(t, s).GetSessionToken(ctx, &sts.GetSessionTokenInput{DurationSeconds: sdkaws.Int32(899)})
	wantAPIError(t, err, 400, "ValidationError", "")
}
