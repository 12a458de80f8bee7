package fakeaws

import (
	"context"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func iamClient(t *testing.T, s *Server, akid, secret string) *iam.Client {
	t.Helper()
	return iam.NewFromConfig(sdkConfig(t, s, credentials.NewStaticCredentialsProvider(akid, secret, "")))
}

func TestIAMAccessKeyRotation(t *testing.T) {
	s, _ := newOrg(t)
	ctx := context.Background()
	created, err := iamClient(t, s, aliceKey, aliceSecret).CreateAccessKey(ctx, &iam.CreateAccessKeyInput{})
	wantNoError(t, err)
	k := created.AccessKey
	if sdkaws.ToString(k.UserName) != "alice" || len(sdkaws.ToString(k.AccessKeyId)) != 20 || sdkaws.ToString(k.SecretAccessKey) == "" || k.CreateDate == nil {
		t.Fatalf("CreateAccessKey = %+v", k)
	}
	newID, newSecret := sdkaws.ToString(k.AccessKeyId), sdkaws.ToString(k.SecretAccessKey)
	if _, err := client(t, s, newID, newSecret, "").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatalf("the new key does not work: %v", err)
	}
	list, err := iamClient(t, s, newID, newSecret).ListAccessKeys(ctx, &iam.ListAccessKeysInput{})
	wantNoError(t, err)
	if len(list.AccessKeyMetadata) != 2 || sdkaws.ToString(list.AccessKeyMetadata[0].AccessKeyId) != aliceKey {
		t.Errorf("ListAccessKeys = %+v", list.AccessKeyMetadata)
	}
	_, err = iamClient(t, s, aliceKey, aliceSecret).CreateAccessKey(ctx, &iam.CreateAccessKeyInput{})
	wantAPIError(t, err, 409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2")

	_, err = iamClient(t, s, newID, newSecret).DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{AccessKeyId: sdkaws.String(aliceKey)})
	wantNoError(t, err)
	_, err = alice(t, s).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantAPIError(t, err, 403, "InvalidClientTokenId", "")
	if got := s.AccessKeys("alice"); len(got) != 1 || got[0] != newID {
		t.Errorf("AccessKeys = %v", got)
	}
	_, err = iamClient(t, s, newID, newSecret).DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{AccessKeyId: sdkaws.String(aliceKey)})
	wantAPIError(t, err, 404, "NoSuchEntity", "")
	_, err = iamClient(t, s, newID, newSecret).DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{AccessKeyId: sdkaws.String(bobKey), UserName: sdkaws.String("bob")})
	wantAPIError(t, err, 403, "AccessDenied", "")
}
