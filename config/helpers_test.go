package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// files is the content of the three files a test loads; "" means the file
// does not exist.
type files struct {
	aws, creds, toml string
}

// isolate points HOME and every AWS/switchrole variable at a temp dir so no
// test can read the real ~/.aws.
func isolate(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "xdg"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	for _, k := range []string{"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "SWITCHROLE_CONFIG", "AWS_PROFILE",
		"AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION"} {
		t.Setenv(k, "")
	}
	return dir
}

// write creates the files in a temp dir and returns Options naming them
// (the TOML path is explicit only when content is given).
func write(t testing.TB, f files) (Options, string) {
	t.Helper()
	dir := isolate(t)
	opts := Options{
		AWSConfigFile:      filepath.Join(dir, "config"),
		AWSCredentialsFile: filepath.Join(dir, "credentials"),
	}
	put := func(name, content string) {
		if content == "" {
			return
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	put("config", f.aws)
	put("credentials", f.creds)
	if f.toml != "" {
		opts.File = filepath.Join(dir, "switchrole.toml")
		put("switchrole.toml", f.toml)
	}
	return opts, dir
}

// mustLoad loads and fails the test on error.
func mustLoad(t testing.TB, f files) *Config {
	t.Helper()
	opts, _ := write(t, f)
	c, err := Load(opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	checkIndexAgrees(t, opts, c, err)
	return c
}

// loadErr loads expecting an error, or problems that make targets
// unusable (Config.Problems), and returns their text with the temp dir
// replaced by "DIR".
func loadErr(t testing.TB, f files) string {
	t.Helper()
	opts, dir := write(t, f)
	c, err := Load(opts)
	if err == nil && len(c.Problems) > 0 {
		checkProblemsShape(t, c)
		errs := make([]error, len(c.Problems))
		for i, p := range c.Problems {
			errs[i] = p
		}
		err = errors.Join(errs...)
		checkIndexAgrees(t, opts, c, nil)
		return strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
	}
	if err == nil {
		t.Fatalf("Load succeeded with %d targets, want an error", len(c.Targets))
	}
	checkErrorShape(t, err)
	checkIndexAgrees(t, opts, c, err)
	return strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
}

// checkErrorShape asserts the error contract: a *Error, or a join whose
// every line is a *Error.
func checkErrorShape(t testing.TB, err error) {
	t.Helper()
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %q (%T) is not a *config.Error", err, err)
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			if _, ok := e.(*Error); !ok {
				t.Fatalf("joined error has a %T line: %v", e, e)
			}
			if strings.Contains(e.Error(), "\n") {
				t.Fatalf("error line has a newline: %q", e)
			}
		}
	}
	if strings.TrimSpace(err.Error()) == "" {
		t.Fatal("empty error message")
	}
}

// checkProblemsShape asserts the contract of problems that do not stop Load:
// each is one line, and every target they make unusable says why.
func checkProblemsShape(t testing.TB, c *Config) {
	t.Helper()
	for _, p := range c.Problems {
		if strings.Contains(p.Error(), "\n") || p.Msg == "" {
			t.Fatalf("problem %q is not one line", p)
		}
	}
	for i := range c.Targets {
		if p := c.Targets[i].Problem; p != nil && (p.Msg == "" || strings.Contains(p.Error(), "\n")) {
			t.Fatalf("target %s: problem %q is not one line", c.Targets[i].Name, p)
		}
	}
}

func names(c *Config) []string {
	out := make([]string, len(c.Targets))
	for i := range c.Targets {
		out[i] = c.Targets[i].Name
	}
	return out
}

func lookup(t testing.TB, c *Config, name string) *Target {
	t.Helper()
	tg, ok := c.Lookup(name)
	if !ok {
		t.Fatalf("no target %q in %v", name, names(c))
	}
	return tg
}
