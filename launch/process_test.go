package launch

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials/processcreds"
)

// processScript writes the session's credential_process output to a file and
// returns a command that prints it, as a credential_process would.
func processScript(t *testing.T, s Session) (cmd string, output []byte) {
	t.Helper()
	var out bytes.Buffer
	if err := WriteProcessJSON(&out, s); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	jsonFile := filepath.Join(dir, "creds.json")
	if err := os.WriteFile(jsonFile, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(dir, "creds.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nexec cat '"+jsonFile+"'\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return script, out.Bytes()
}

func TestWriteProcessJSONReadBySDK(t *testing.T) {
	expires := time.Date(2030, 1, 2, 3, 4, 5, 0, time.FixedZone("X", -5*3600))
	tests := []struct {
		name string
		s    Session
		want Credentials
		json string
	}{
		{
			name: "role session",
			s: Session{Target: "t", AccountID: "123456789012", Credentials: Credentials{
				AccessKeyID: "ASIA1", SecretAccessKey: "sec/+", SessionToken: "tok==", CanExpire: true, Expires: expires}},
			want: Credentials{AccessKeyID: "ASIA1", SecretAccessKey: "sec/+", SessionToken: "tok==",
				CanExpire: true, Expires: expires.UTC(), AccountID: "123456789012"},
			json: `{"Version":1,"AccessKeyId":"ASIA1","SecretAccessKey":"sec/+","SessionToken":"tok==","Expiration":"2030-01-02T08:04:05Z","AccountId":"123456789012"}`,
		},
		{
			name: "long-term keys never expire",
			s:    Session{Target: "t", Credentials: Credentials{AccessKeyID: "AKIA1", SecretAccessKey: "sec"}},
			want: Credentials{AccessKeyID: "AKIA1", SecretAccessKey: "sec"},
			json: `{"Version":1,"AccessKeyId":"AKIA1","SecretAccessKey":"sec"}`,
		},
		{
			name: "sub-second expiry is truncated, STS account id preferred",
			s: Session{AccountID: "111111111111", Credentials: Credentials{AccessKeyID: "ASIA2", SecretAccessKey: "s",
				SessionToken: "t", CanExpire: true, Expires: time.Date(2030, 1, 1, 0, 0, 0, 999, time.UTC), AccountID: "222222222222"}},
			want: Credentials{AccessKeyID: "ASIA2", SecretAccessKey: "s", SessionToken: "t",
				CanExpire: true, Expires: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), AccountID: "222222222222"},
			json: `{"Version":1,"AccessKeyId":"ASIA2","SecretAccessKey":"s","SessionToken":"t","Expiration":"2030-01-01T00:00:00Z","AccountId":"222222222222"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			script, out := processScript(t, tt.s)
			if got := strings.TrimSuffix(string(out), "\n"); got != tt.json {
				t.Errorf("JSON:\n got %s\nwant %s", got, tt.json)
			}
			sdk, err := processcreds.NewProvider(script).Retrieve(context.Background())
			if err != nil {
				t.Fatalf("SDK rejected the output: %v", err)
			}
			if !sdk.Expires.Equal(tt.want.Expires) {
				t.Errorf("Expires = %v, want %v", sdk.Expires, tt.want.Expires)
			}
			got := Credentials{AccessKeyID: sdk.AccessKeyID, SecretAccessKey: sdk.SecretAccessKey,
				SessionToken: sdk.SessionToken, CanExpire: sdk.CanExpire, AccountID: sdk.AccountID}
			tt.want.Expires = time.Time{}
			if got != tt.want {
				t.Errorf("SDK read\n %+v\nwant\n %+v", got, tt.want)
			}
		})
	}
}

// The AWS CLI v2 is a second, stricter consumer: `aws configure
// export-credentials` runs the profile's credential_process offline.
func TestWriteProcessJSONReadByAWSCLI(t *testing.T) {
	const cli = "/usr/bin/aws"
	if _, err := os.Stat(cli); err != nil {
		t.Skip("AWS CLI v2 not installed at /usr/bin/aws")
	}
	s := testSession()
	script, _ := processScript(t, s)
	home := t.TempDir()
	config := filepath.Join(home, "config")
	if err := os.WriteFile(config, []byte("[profile sr]\ncredential_process = "+script+"\nregion = eu-west-1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(cli, "configure", "export-credentials", "--profile", "sr", "--format", "process")
	cmd.Env = []string{"HOME=" + home, "PATH=/usr/bin:/bin", "AWS_CONFIG_FILE=" + config,
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "credentials"), "AWS_EC2_METADATA_DISABLED=true"}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("aws configure export-credentials: %v\n%s", err, stderr.String())
	}
	var got struct {
		Version                                                int
		AccessKeyId, SecretAccessKey, SessionToken, Expiration string
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	c := s.Credentials
	if got.Version != 1 || got.AccessKeyId != c.AccessKeyID || got.SecretAccessKey != c.SecretAccessKey || got.SessionToken != c.SessionToken {
		t.Errorf("AWS CLI read %+v", got)
	}
	if exp, err := time.Parse(time.RFC3339, got.Expiration); err != nil || !exp.Equal(c.Expires) {
		t.Errorf("AWS CLI expiration %q, want %v", got.Expiration, c.Expires)
	}
}

func TestWriteProcessJSONRefusesIncompleteSession(t *testing.T) {
	var out bytes.Buffer
	err := WriteProcessJSON(&out, Session{Target: "x", Credentials: Credentials{AccessKeyID: "A"}})
	if err == nil || out.Len() != 0 {
		t.Errorf("err=%v output=%q, want an error and no output", err, out.String())
	}
}
