package demo

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/switchrole/switchrole/internal/fakeaws"
)

// Env is a running demo: the fake AWS and a temporary directory holding the
// config, cache and state files. Vars points switchrole, the AWS SDKs and the
// AWS CLI at them.
type Env struct {
	// Dir is the temporary directory; Close removes it.
	Dir string
	// Server is the fake AWS serving STS, federation and the console page.
	Server *fakeaws.Server
	// Vars are KEY=VALUE pairs to apply to the process (and hand to shells).
	Vars []string
	// ConfigFile is switchrole's demo config.
	ConfigFile string
	// BinDir holds a `switchrole` link to the running program once
	// LinkProgram made it; it goes first on the demo shell's PATH, so the
	// commands the demo suggests work as typed even under `go run .`, whose
	// binary lives in a temporary build directory that is on no PATH.
	BinDir string
}

// Options tune Start.
type Options struct {
	// Addr is the fake's listen address; "" picks a free 127.0.0.1 port.
	Addr string
	// Now is the fake's clock (nil: time.Now).
	Now func() time.Time
	// LifetimeDivisor shortens every credential the fake issues to 1/n of
	// its asked-for duration (see fakeaws.WithLifetimeDivisor), so tests
	// can live through a working day in seconds; 0 keeps AWS's lifetimes.
	LifetimeDivisor int
}

// Start builds the sample organisation, starts the fake AWS on 127.0.0.1 and
// writes the demo's config files into a new temporary directory.
func Start(opts Options) (*Env, error) {
	dir, err := os.MkdirTemp("", "switchrole-demo-")
	if err != nil {
		return nil, fmt.Errorf("create the demo's temporary directory: %w", err)
	}
	env := &Env{Dir: dir}
	if err := env.start(opts); err != nil {
		env.Close()
		return nil, err
	}
	return env, nil
}

func (e *Env) start(opts Options) error {
	fakeOpts := []fakeaws.Option{
		fakeaws.WithUser(fakeaws.User{
			Name: UserName, AccountID: JumpAccountID,
			AccessKeyID: accessKeyID, SecretAccessKey: secretAccessKey,
			MFA: &fakeaws.MFADevice{Serial: MFASerial, Secret: mfaSecret},
		}),
		// The header shows the current code; a newcomer who tries two
		// things within 30 s should not be refused the code on screen.
		fakeaws.WithRejectReuse(false),
		fakeaws.WithOrganization(organization()),
		// Identity Center approves its own sign-in page: the demo signs in
		// without a browser or a person.
		fakeaws.WithIdentityCenter(fakeaws.IdentityCenter{StartURL: SSOStartURL, UserName: UserName + "@example.com",
			Accounts: ssoOrganisation, AutoApprove: true}),
	}
	if opts.Addr != "" {
		fakeOpts = append(fakeOpts, fakeaws.WithAddr(opts.Addr))
	}
	if opts.Now != nil {
		fakeOpts = append(fakeOpts, fakeaws.WithClock(opts.Now))
	}
	if opts.LifetimeDivisor > 1 {
		fakeOpts = append(fakeOpts, fakeaws.WithLifetimeDivisor(opts.LifetimeDivisor))
	}
	for _, a := range organisation {
		for _, r := range a.roles {
			max := r.maxDuration
			if max == 0 {
				max = time.Hour
			}
			fakeOpts = append(fakeOpts, fakeaws.WithRole(fakeaws.Role{
				ARN:                r.arn(a.id),
				MaxSessionDuration: max,
				Trust:              fakeaws.Trust{Principals: []string{JumpAccountID}, RequireMFA: r.requireMFA, ExternalID: r.externalID},
			}))
		}
	}
	e.Server = fakeaws.New(fakeOpts...)
	if err := e.Server.Start(); err != nil {
		return fmt.Errorf("start the demo's fake AWS: %w", err)
	}

	dirs := map[string]string{}
	for _, name := range []string{"home", "config", "cache", "state", "aws", "sso"} {
		dirs[name] = filepath.Join(e.Dir, name)
		if err := os.MkdirAll(dirs[name], 0o700); err != nil {
			return fmt.Errorf("create %s: %w", dirs[name], err)
		}
	}
	e.ConfigFile = filepath.Join(dirs["config"], "switchrole", "config.toml")
	files := map[string]string{
		e.ConfigFile:                              tomlConfig(e.Server.FederationURL()),
		filepath.Join(dirs["aws"], "config"):      awsConfig(),
		filepath.Join(dirs["aws"], "credentials"): awsCredentials(),
	}
	for path, content := range files {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
		}
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	e.Vars = []string{
		"SWITCHROLE_DEMO=1",
		"SWITCHROLE_CONFIG=" + e.ConfigFile,
		"SWITCHROLE_FEDERATION_URL=" + e.Server.FederationURL(),
		"AWS_CONFIG_FILE=" + filepath.Join(dirs["aws"], "config"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(dirs["aws"], "credentials"),
		"AWS_ENDPOINT_URL_STS=" + e.Server.URL(),
		"AWS_ENDPOINT_URL_IAM=" + e.Server.URL(),
		"AWS_ENDPOINT_URL_ORGANIZATIONS=" + e.Server.URL(),
		"AWS_ENDPOINT_URL_SSO=" + e.Server.URL(),
		"AWS_ENDPOINT_URL_SSO_OIDC=" + e.Server.URL(),
		// The demo's sign-in stays out of the real ~/.aws/sso/cache.
		"SWITCHROLE_SSO_TOKEN_CACHE=" + dirs["sso"],
		"AWS_EC2_METADATA_DISABLED=true",
		"XDG_CONFIG_HOME=" + dirs["config"],
		"XDG_CACHE_HOME=" + dirs["cache"],
		"XDG_STATE_HOME=" + dirs["state"],
	}
	return nil
}

// Code is the MFA code alice's device shows at t; the demo's header shows it.
func (e *Env) Code(t time.Time) string { return e.Server.Code(MFASerial, t) }

// Apply sets Vars in this process's environment and unsets what would point
// the demo at real AWS credentials, so everything switchrole reads in-process
// sees only the demo.
func (e *Env) Apply() error {
	for _, key := range []string{
		"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
		"AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
	} {
		os.Unsetenv(key)
	}
	for _, kv := range e.Vars {
		key, value, _ := strings.Cut(kv, "=")
		if err := os.Setenv(key, value); err != nil {
			return fmt.Errorf("set %s: %w", key, err)
		}
	}
	return nil
}

// LinkProgram puts a `switchrole` link to program (os.Executable) in BinDir
// and BinDir first on this process's PATH, so that every shell and command
// the demo starts finds the very switchrole that runs the demo.
func (e *Env) LinkProgram(program string) error {
	e.BinDir = filepath.Join(e.Dir, "bin")
	if err := os.MkdirAll(e.BinDir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", e.BinDir, err)
	}
	if err := os.Symlink(program, filepath.Join(e.BinDir, "switchrole")); err != nil {
		return fmt.Errorf("link switchrole into the demo's PATH: %w", err)
	}
	path := e.BinDir
	if old := os.Getenv("PATH"); old != "" {
		path += string(os.PathListSeparator) + old
	}
	return os.Setenv("PATH", path)
}

// Close stops the fake and removes the temporary directory.
func (e *Env) Close() error {
	var err error
	if e.Server != nil {
		err = e.Server.Close()
	}
	if rmErr := os.RemoveAll(e.Dir); err == nil {
		err = rmErr
	}
	return err
}
