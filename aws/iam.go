package aws

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go"
)

// IAMAPI is the part of IAM key rotation uses: a user's own access keys.
type IAMAPI interface {
	// CreateAccessKey makes a new access key for the caller.
	CreateAccessKey(ctx context.Context) (sdkaws.Credentials, error)
	// DeleteAccessKey deletes one of the caller's access keys.
	DeleteAccessKey(ctx context.Context, accessKeyID string) error
}

// iamClient calls the IAM Query API for these two actions itself, signed
// with the SDK's SigV4 signer. The SDK's IAM client would do the same, but
// linking it costs every switchrole start about a millisecond (its
// endpoint tables and schemas initialise ~640 KB at start-up), warm calls
// included, for a command run a few times a year.
type iamClient struct {
	endpoint string
	creds    sdkaws.Credentials
	http     sdkaws.HTTPClient
	now      func() time.Time
}

// iamVersion is the IAM Query API version.
const iamVersion = "2010-05-08"

// iamEndpoint is IAM's endpoint: AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL,
// else the global one of the aws partition.
func iamEndpoint() string {
	for _, k := range []string{"AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "https://iam.amazonaws.com"
}

func (c iamClient) call(ctx context.Context, action string, params url.Values, out any) error {
	params.Set("Action", action)
	params.Set("Version", iamVersion)
	body := params.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.endpoint, "/")+"/", strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	sum := sha256.Sum256([]byte(body))
	// IAM is global: requests are signed for us-east-1.
	if err := v4.NewSigner().SignHTTP(ctx, c.creds, req, hex.EncodeToString(sum[:]), "iam", "us-east-1", c.now()); err != nil {
		return fmt.Errorf("sign IAM %s: %w", action, err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("IAM %s: %w", action, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("IAM %s: %w", action, err)
	}
	if resp.StatusCode/100 != 2 {
		var e struct {
			Error struct{ Code, Message string }
		}
		if xml.Unmarshal(data, &e) != nil || e.Error.Code == "" {
			return fmt.Errorf("IAM %s: HTTP %d", action, resp.StatusCode)
		}
		return &smithy.GenericAPIError{Code: e.Error.Code, Message: e.Error.Message}
	}
	if out != nil {
		if err := xml.Unmarshal(data, out); err != nil {
			return fmt.Errorf("IAM %s: unreadable answer: %w", action, err)
		}
	}
	return nil
}

func (c iamClient) CreateAccessKey(ctx context.Context) (sdkaws.Credentials, error) {
	var out struct {
		Result struct {
			AccessKey struct{ AccessKeyId, SecretAccessKey string }
		} `xml:"CreateAccessKeyResult"`
	}
	if err := c.call(ctx, "CreateAccessKey", url.Values{}, &out); err != nil {
		return sdkaws.Credentials{}, err
	}
	k := out.Result.AccessKey
	if k.AccessKeyId == "" || k.SecretAccessKey == "" {
		return sdkaws.Credentials{}, fmt.Errorf("IAM CreateAccessKey returned no key")
	}
	return sdkaws.Credentials{AccessKeyID: k.AccessKeyId, SecretAccessKey: k.SecretAccessKey}, nil
}

func (c iamClient) DeleteAccessKey(ctx context.Context, id string) error {
	return c.call(ctx, "DeleteAccessKey", url.Values{"AccessKeyId": {id}}, nil)
}
