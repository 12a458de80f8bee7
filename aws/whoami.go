package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/switchrole/switchrole/config"
)

// Identity is who the current credentials act as.
type Identity struct {
	Account string
	Arn     string
	UserID  string
	// Region is the region the call was made in.
	Region string
}

// WhoAmI calls GetCallerIdentity with the current environment's default
// credential chain (env keys, AWS_PROFILE, SSO, ...), as `aws sts
// get-caller-identity` would: inside a switchrole shell it shows the role.
func (e *Engine) WhoAmI(ctx context.Context) (*Identity, error) {
	self := &config.Target{Name: "the current environment"}
	region := e.rules().RegionOf(self)
	l, err := e.backend().Load(ctx, LoadRequest{Region: region})
	if err != nil {
		return nil, loadError("", err)
	}
	out, err := l.STS(nil, region).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, e.stsError("GetCallerIdentity", self, nil, region, err)
	}
	return &Identity{
		Account: sdkaws.ToString(out.Account),
		Arn:     sdkaws.ToString(out.Arn),
		UserID:  sdkaws.ToString(out.UserId),
		Region:  region,
	}, nil
}
