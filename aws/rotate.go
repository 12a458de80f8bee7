package aws

import (
	"context"
	"errors"
	"fmt"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/switchrole/switchrole/config"
)

// iamLoaded is a Loaded that also makes IAM clients (the SDK's does).
type iamLoaded interface {
	IAM(creds sdkaws.Credentials) IAMAPI
}

func (l sdkLoaded) IAM(creds sdkaws.Credentials) IAMAPI {
	return iamClient{endpoint: iamEndpoint(), creds: creds, http: l.cfg.HTTPClient, now: time.Now}
}

// Rotation is what RotateKeys did.
type Rotation struct {
	Old, New string // access key ids
}

// verifyFor is how long a new key may take to start working: IAM is
// eventually consistent, and AWS documents seconds.
var verifyFor = 15 * time.Second

// RotateKeys replaces src's long-term keys, which must be in the keyring:
// IAM CreateAccessKey, a GetCallerIdentity with the new key (retried while
// IAM propagates it), save (into the keyring), then DeleteAccessKey of
// the old key signed with the new one. The keyring holds a working key
// after any failure: a new key that does not work, or that the keyring
// refuses, is deleted again and the old one stays; when the old key cannot
// be deleted the new one is already saved and the error says to delete
// the old one by hand.
func (e *Engine) RotateKeys(ctx context.Context, src *config.Target, save func(sdkaws.Credentials) error) (Rotation, error) {
	r := &run{e: e, top: src, loaded: map[string]Loaded{}}
	old, ok, err := r.keyringBase(ctx, src)
	if err != nil {
		return Rotation{}, err
	}
	if !ok {
		return Rotation{}, fmt.Errorf("the keys of %s are not in the keyring; move them there first with `switchrole keys import --credential-process %s`", src.Name, src.Profile)
	}
	region := e.rules().RegionOf(src)
	l, err := r.load(ctx, LoadRequest{Profile: src.Profile, Region: region})
	if err != nil {
		return Rotation{}, err
	}
	il, ok := l.(iamLoaded)
	if !ok {
		return Rotation{}, errors.New("this backend cannot call IAM")
	}
	rot := Rotation{Old: old.value.AccessKeyID}
	fresh, err := il.IAM(old.value).CreateAccessKey(ctx)
	if err != nil {
		return rot, fmt.Errorf("IAM CreateAccessKey for %s failed, nothing changed: %s", src.Name, ShortCause(err))
	}
	rot.New = fresh.AccessKeyID
	undo := func(why string) error {
		if derr := il.IAM(old.value).DeleteAccessKey(ctx, fresh.AccessKeyID); derr != nil {
			return fmt.Errorf("%s; deleting the new key %s failed too (%s): delete it in the IAM console; the old key stays in the keyring", why, fresh.AccessKeyID, ShortCause(derr))
		}
		return fmt.Errorf("%s; the new key was deleted and the old one stays in the keyring", why)
	}
	if err := e.verifyKey(ctx, l, fresh, region); err != nil {
		return rot, undo(fmt.Sprintf("the new key of %s did not work (%s)", src.Name, ShortCause(err)))
	}
	if err := save(fresh); err != nil {
		return rot, undo(fmt.Sprintf("the keyring did not take the new key of %s (%v)", src.Name, err))
	}
	if err := il.IAM(fresh).DeleteAccessKey(ctx, old.value.AccessKeyID); err != nil {
		return rot, fmt.Errorf("the new key of %s is in the keyring and works, but deleting the old key %s failed (%s): delete it in the IAM console", src.Name, old.value.AccessKeyID, ShortCause(err))
	}
	return rot, nil
}

// verifyKey calls GetCallerIdentity with creds until it works or verifyFor
// has passed.
func (e *Engine) verifyKey(ctx context.Context, l Loaded, creds sdkaws.Credentials, region string) error {
	deadline := e.now().Add(verifyFor)
	for {
		_, err := l.STS(&creds, region).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err == nil || !e.now().Before(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}
