package discover

import (
	"context"
	"strings"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	sdkconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"

	engine "github.com/switchrole/switchrole/aws"
)

// httpTimeout bounds each Organizations call; connecting is bounded as for
// every AWS call (aws.NewHTTPClient).
const httpTimeout = 20 * time.Second

// NewClient builds the real Organizations client signing with creds, with
// LoadDefaultConfig, so AWS_ENDPOINT_URL_ORGANIZATIONS (and the config
// file's services sections) apply as in every SDK. The SDK's retries stay
// (AWS_MAX_ATTEMPTS), without its client-side retry quota: a long listing
// meets many throttled calls, which Lister paces and retries itself.
func NewClient(ctx context.Context, creds sdkaws.Credentials, region string) (*organizations.Client, error) {
	cfg, err := sdkconfig.LoadDefaultConfig(ctx,
		sdkconfig.WithRegion(ServiceRegion(region)),
		sdkconfig.WithHTTPClient(engine.NewHTTPClient(httpTimeout)),
		sdkconfig.WithCredentialsProvider(credentials.StaticCredentialsProvider{Value: creds}),
	)
	if err != nil {
		return nil, err
	}
	return organizations.NewFromConfig(cfg, func(o *organizations.Options) {
		attempts := cfg.RetryMaxAttempts
		if attempts == 0 {
			attempts = retry.DefaultMaxAttempts
		}
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.RateLimiter = ratelimit.None
			so.MaxAttempts = attempts
		})
	}), nil
}

// ServiceRegion is the region Organizations is called in: its one endpoint
// per partition lives in us-east-1, us-gov-west-1 or cn-northwest-1.
func ServiceRegion(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "cn-northwest-1"
	case strings.HasPrefix(region, "us-gov-"):
		return "us-gov-west-1"
	}
	return "us-east-1"
}
