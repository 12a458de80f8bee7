// Package awstest keeps tests away from the machine's AWS set-up: one list of
// the variables through which the SDKs would find a developer's real
// credentials, profile, region or endpoint, and a TestMain helper that clears
// them and points HOME and the shared files at a throw-away directory.
package awstest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// LeakyVars are cleared for every test that talks to the SDK: credentials
// (including the legacy names the Go SDK still reads), profile selection,
// region, endpoints, CA bundles, web identity and container credentials.
var LeakyVars = []string{
	"AWS_PROFILE", "AWS_DEFAULT_PROFILE",
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
	"AWS_REGION", "AWS_DEFAULT_REGION",
	"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SSO_OIDC", "AWS_CA_BUNDLE",
	"AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
}

// IsolateMain runs m with LeakyVars and extra unset, HOME and the shared
// config and credentials files in a new temporary directory, no instance
// metadata lookups and one attempt per AWS call; it returns the exit code for
// os.Exit and removes the directory.
func IsolateMain(m *testing.M, extra ...string) int {
	home, err := os.MkdirTemp("", "switchrole-test-home-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "create a test HOME:", err)
		return 1
	}
	defer os.RemoveAll(home)
	for _, k := range append(append([]string(nil), LeakyVars...), extra...) {
		os.Unsetenv(k)
	}
	os.Setenv("HOME", home)
	os.Setenv("AWS_CONFIG_FILE", filepath.Join(home, "config"))
	os.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(home, "credentials"))
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	os.Setenv("AWS_MAX_ATTEMPTS", "1")
	return m.Run()
}
