package aws

import (
	"context"
	"errors"
	"os"
	"strings"

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
	if _, err := l.Credentials(ctx); err != nil {
		if noCredentials(err) {
			return nil, newError(ErrNoCredentials, err, "no AWS credentials in this environment: "+
				"run `switchrole shell TARGET` for a shell with a target's credentials, or `eval \"$(switchrole env TARGET)\"` to set them here")
		}
		return nil, e.credentialsError(self, err)
	}
	var out *sts.GetCallerIdentityOutput
	err = e.awsCall(ctx, Wait{"STS", "GetCallerIdentity", self.Name}, func(ctx context.Context) error {
		var err error
		out, err = l.STS(nil, region).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		return err
	})
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

// noCredentials reports whether the SDK's default chain found nothing: no
// keys in the environment or the default profile, no SSO, no process, and
// no instance role (the chain's last resort). With AWS_PROFILE set the
// profile is to blame instead, and says so through credentialsError.
func noCredentials(err error) bool {
	if os.Getenv("AWS_PROFILE") != "" || os.Getenv("AWS_DEFAULT_PROFILE") != "" {
		return false
	}
	return errors.Is(err, errProfileYieldsNothing) || strings.Contains(err.Error(), "no EC2 IMDS role found")
}
