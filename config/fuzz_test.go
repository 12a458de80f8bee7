package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// secretMarker is in every secret value of the seeds; no error may show it.
const secretMarker = "SECRETMARKER"

// fuzzFiles writes the fuzzed files; Options name every path, so neither the
// environment nor the real home directory is consulted.
func fuzzFiles(t *testing.T, aws, creds, toml string) Options {
	dir := t.TempDir()
	opts := Options{
		AWSConfigFile:      filepath.Join(dir, "config"),
		AWSCredentialsFile: filepath.Join(dir, "credentials"),
		File:               filepath.Join(dir, "switchrole.toml"),
	}
	for path, content := range map[string]string{opts.AWSConfigFile: aws, opts.AWSCredentialsFile: creds, opts.File: toml} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return opts
}

// checkLoadResult asserts the invariants every Load result must keep.
func checkLoadResult(t *testing.T, c *Config, err error) {
	t.Helper()
	if err != nil {
		checkErrorShape(t, err)
		if strings.Contains(err.Error(), secretMarker) {
			t.Fatalf("error leaks a secret: %v", err)
		}
		var ce *Error
		errors.As(err, &ce)
		if ce.Msg == "" {
			t.Fatal("config.Error with an empty Msg")
		}
		return
	}
	for _, p := range c.Problems {
		if p.Msg == "" || strings.Contains(p.Error(), secretMarker) || strings.Contains(p.Error(), "\n") {
			t.Fatalf("problem %q is empty, leaks a secret or is not one line", p)
		}
	}
	seen := make(map[string]bool, len(c.Targets))
	for i := range c.Targets {
		tg := &c.Targets[i]
		if tg.Name == "" || seen[tg.Name] {
			t.Fatalf("target name %q empty or duplicated", tg.Name)
		}
		seen[tg.Name] = true
		if got, ok := c.Lookup(tg.Name); !ok || got != tg {
			t.Fatalf("Lookup(%q) does not return the target", tg.Name)
		}
		if p := tg.Problem; p != nil {
			// Unusable, and it says why: nothing else holds for it.
			if p.Msg == "" || strings.Contains(p.Error(), secretMarker) || strings.Contains(p.Error(), "\n") {
				t.Fatalf("target %q: problem %q is empty, leaks a secret or is not one line", tg.Name, p)
			}
			continue
		}
		switch tg.Kind {
		case KindRole:
			if _, err := arn.Parse(tg.RoleARN); err != nil {
				t.Fatalf("role %q has bad ARN %q", tg.Name, tg.RoleARN)
			}
			if (tg.Source == "") == (tg.CredentialSource == "") {
				t.Fatalf("role %q: Source %q, CredentialSource %q: exactly one must be set", tg.Name, tg.Source, tg.CredentialSource)
			}
			if tg.Source != "" {
				if _, ok := c.Lookup(tg.Source); !ok {
					t.Fatalf("role %q: source %q is not a target", tg.Name, tg.Source)
				}
			}
		case KindSource:
			if tg.Profile == "" {
				t.Fatalf("source %q has no profile", tg.Name)
			}
		default:
			t.Fatalf("target %q has kind %q", tg.Name, tg.Kind)
		}
		if tg.Origin.File == "" {
			t.Fatalf("target %q has no origin", tg.Name)
		}
		if strings.Contains(tg.SearchText(), secretMarker) {
			t.Fatalf("target %q search text holds a secret", tg.Name)
		}
	}
}

func addSeeds(f *testing.F, dir string, add func(string)) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if b, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && !e.IsDir() {
			add(string(b))
		}
	}
}

func FuzzAWSConfig(f *testing.F) {
	addSeeds(f, filepath.Join("testdata", "aws"), func(s string) { f.Add(s, "[k]\naws_access_key_id=AKIAK\naws_secret_access_key=SECRETMARKERk\n") })
	f.Add("[profile a]\nrole_arn=arn:aws:iam::222222222222:role/A\nsource_profile=a\naws_access_key_id=x\naws_secret_access_key=SECRETMARKER1\n", "")
	f.Add("[profile a]\n  role_arn = x\n\tsource_profile: b\n[profile b\n]", "[a]\naws_secret_access_key = SECRETMARKER2\n")
	f.Fuzz(func(t *testing.T, cfg, creds string) {
		opts := fuzzFiles(t, cfg, creds, "") // an empty TOML file: zero config
		c, err := Load(opts)
		checkLoadResult(t, c, err)
		if err != nil {
			return
		}
		checkIndexAgrees(t, opts, c, nil)
		// Differential: every role that has a role_arn must read the same
		// as in the SDK (unless the SDK rejects it: we are lenient there).
		for i := range c.Targets {
			tg := &c.Targets[i]
			if tg.RoleARN == "" || tg.Profile == "" {
				continue
			}
			sc, err := sdkProfile(t, opts.AWSConfigFile, opts.AWSCredentialsFile, tg.Profile)
			if err != nil || sc.RoleARN == "" {
				continue // AESR or a chain the SDK refuses
			}
			if sc.RoleARN != tg.RoleARN || sc.Region != tg.Region || sc.ExternalID != tg.ExternalID || sc.RoleSessionName != tg.RoleSessionName {
				t.Fatalf("profile %q disagrees with the SDK:\nours %q %q %q %q\nsdk  %q %q %q %q", tg.Profile,
					tg.RoleARN, tg.Region, tg.ExternalID, tg.RoleSessionName, sc.RoleARN, sc.Region, sc.ExternalID, sc.RoleSessionName)
			}
			if tg.Kind == KindRole && tg.Source != "" && tg.Source != sc.SourceProfileName && tg.Source != "default" {
				t.Fatalf("profile %q: source %q, SDK %q", tg.Profile, tg.Source, sc.SourceProfileName)
			}
		}
	})
}

const fuzzAWS = "[profile jump]\naws_access_key_id = AKIAJUMP\naws_secret_access_key = SECRETMARKERjump\n[profile other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = SECRETMARKERother\n"

func FuzzTOML(f *testing.F) {
	addSeeds(f, filepath.Join("testdata", "toml"), func(s string) { f.Add(s) })
	f.Add(string(StarterFile()))
	f.Add("[[accounts]]\nname='a'\nid=222222222222\nroles=['x',{name='y',path='/p/'},3]\n")
	f.Add("[defaults]\nroles=['A']\n[sources.jump]\n[[accounts]]\nname='a'\nid='222222222222'\n[[accounts]]\nname='b'\nid='333333333333'\nsource='a/A'\n")
	f.Fuzz(func(t *testing.T, toml string) {
		opts := fuzzFiles(t, fuzzAWS, "", toml)
		c, err := Load(opts)
		checkLoadResult(t, c, err)
		checkIndexAgrees(t, opts, c, err)
	})
}
