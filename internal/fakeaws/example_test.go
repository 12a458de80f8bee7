package fakeaws_test

import (
	"context"
	"fmt"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/switchrole/switchrole/internal/fakeaws"
)

// A tiny organisation: alice in the identity account may assume Admin in
// production with MFA. The SDK talks to the fake exactly as it would to AWS.
func Example() {
	const serial = "arn:aws:iam::111111111111:mfa/alice"
	s := fakeaws.New(
		fakeaws.WithUser(fakeaws.User{
			Name: "alice", AccountID: "111111111111",
			AccessKeyID: "AKIAEXAMPLE000000001", SecretAccessKey: "example-secret",
			MFA: &fakeaws.MFADevice{Serial: serial, Secret: []byte("example-seed")},
		}),
		fakeaws.WithRole(fakeaws.Role{
			ARN:   "arn:aws:iam::222222222222:role/Admin",
			Trust: fakeaws.Trust{Principals: []string{"111111111111"}, RequireMFA: true},
		}),
	)
	if err := s.Start(); err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()

	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx,
		config.WithRegion("us-east-1"),
		config.WithBaseEndpoint(s.URL()),
		config.WithRetryMaxAttempts(1),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIAEXAMPLE000000001", "example-secret", "")),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := sts.NewFromConfig(cfg).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn:         sdkaws.String("arn:aws:iam::222222222222:role/Admin"),
		RoleSessionName: sdkaws.String("alice"),
		SerialNumber:    sdkaws.String(serial),
		TokenCode:       sdkaws.String(s.Code(serial, time.Now())),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(*out.AssumedRoleUser.Arn)
	fmt.Println(s.Calls("AssumeRole"))
	// Output:
	// arn:aws:sts::222222222222:assumed-role/Admin/alice
	// 1
}
