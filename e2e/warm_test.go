package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A warm credential-process, env or exec answers from a shortcut recorded by
// the engine, without loading the configuration, while no configuration
// file changed. These tests change, one at a time, everything that decides
// which credentials a target gets, and require that the old credentials are
// never served again; a changed region must show, though the credentials may
// stay.

// shortcutWorld is the demo world with a role profile p of its own in the
// AWS files: no MFA, so every call can reach the fake STS unattended.
type shortcutWorld struct {
	*world
	awsConfig, awsCreds string
	// past is the time every configuration file is set back to, so that
	// the engine trusts their stamps (a file changed within the last two
	// seconds might change again unseen in the same timestamp tick).
	past time.Time
}

const (
	shortcutConfig = `[profile demo-jump]
region = us-east-1

[profile other-jump]
region = us-east-1

[profile p]
role_arn = arn:aws:iam::210000000001:role/ReadOnly
source_profile = demo-jump
region = us-east-1
`
	shortcutCreds = `[demo-jump]
aws_access_key_id = AKIADEMOALICE0000001
aws_secret_access_key = demo/secret/for/the/offline/fake/only

[other-jump]
aws_access_key_id = AKIADEMOALICE0000001
aws_secret_access_key = demo/secret/for/the/offline/fake/only
`
)

func newShortcutWorld(t *testing.T) *shortcutWorld {
	w := &shortcutWorld{
		world:     newWorld(t),
		past:      time.Now().Add(-time.Hour).Truncate(time.Second),
		awsConfig: "", awsCreds: "",
	}
	w.awsConfig = filepath.Join(w.env.Dir, "aws", "config")
	w.awsCreds = filepath.Join(w.env.Dir, "aws", "credentials")
	w.write(w.awsConfig, shortcutConfig)
	w.write(w.awsCreds, shortcutCreds)
	// No switchrole sources: the demo's would take demo-jump over, with MFA.
	w.write(w.env.ConfigFile, "# switchrole's own file, empty\n")
	return w
}

// write replaces path's content in place (same inode) and sets its mtime
// back to w.past: only the size or the ctime shows the change.
func (w *shortcutWorld) write(path, content string) {
	w.t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		w.t.Fatal(err)
	}
	w.age(path)
}

func (w *shortcutWorld) age(path string) {
	w.t.Helper()
	if err := os.Chtimes(path, w.past, w.past); err != nil {
		w.t.Fatal(err)
	}
}

// unsetenv removes a variable for later runs.
func (w *world) unsetenv(key string) {
	for i, kv := range w.vars {
		if strings.HasPrefix(kv, key+"=") {
			w.vars = append(w.vars[:i], w.vars[i+1:]...)
			return
		}
	}
}

// session is what `env p --format json` printed.
type session map[string]string

func (s session) key() string { return s["AWS_ACCESS_KEY_ID"] }

// env runs `switchrole env TARGET --format json` with the installed pair.
func (w *shortcutWorld) envJSON(target string) (session, result) {
	w.t.Helper()
	r := w.run("", "env", target, "--format", "json")
	if r.code != 0 {
		return nil, r
	}
	var s session
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		w.t.Fatalf("env --format json: %v\n%s", err, r)
	}
	return s, r
}

func (w *shortcutWorld) mustEnv(target string) session {
	w.t.Helper()
	s, r := w.envJSON(target)
	if s == nil {
		w.t.Fatalf("env %s: %s", target, r)
	}
	return s
}

// frontAlone runs a copy of the front with no engine to hand over to: it
// answers only from a shortcut.
func (w *shortcutWorld) frontAlone(args ...string) result {
	w.t.Helper()
	dir := w.t.TempDir()
	copyFile(w.t, binary, filepath.Join(dir, "switchrole"))
	saved := append([]string(nil), w.vars...)
	defer func() { w.vars = saved }()
	w.setenv("PATH", "/usr/bin:/bin")
	return w.runBinary(filepath.Join(dir, "switchrole"), "", args...)
}

func TestWarmCallsAnswerWithoutTheConfiguration(t *testing.T) {
	w := newShortcutWorld(t)
	first := w.mustEnv("p")
	if again := w.mustEnv("p"); again.key() != first.key() {
		t.Fatalf("a warm call made a new session: %s, then %s", first.key(), again.key())
	}
	// The front alone can only answer from the shortcut: it loads no
	// configuration for credential-process, env or exec.
	for _, args := range [][]string{
		{"credential-process", "p"},
		{"env", "p", "--format", "dotenv"},
		{"exec", "p", "--", "true"},
	} {
		r := w.frontAlone(args...)
		if r.code != 0 || r.stderr != "" || (args[0] != "exec" && !strings.Contains(r.stdout, first.key())) {
			t.Errorf("front alone, warm, switchrole %s: %s", strings.Join(args, " "), r)
		}
	}
	// The one binary (the engine) answers the same way, through the same code.
	one := w.runBinary(engine, "", "env", "p", "--format", "json")
	if one.code != 0 || !strings.Contains(one.stdout, first.key()) {
		t.Errorf("engine, warm: %s", one)
	}
}

// Each change must reach the answer. new is the configuration after the
// change; wantKeys says whether the credentials may be reused (region only).
func TestWarmShortcutSeesEveryChange(t *testing.T) {
	edit := func(from, to string) func(w *shortcutWorld) {
		return func(w *shortcutWorld) {
			w.t.Helper()
			if !strings.Contains(shortcutConfig, from) {
				w.t.Fatalf("%q is not in the configuration", from)
			}
			w.write(w.awsConfig, strings.Replace(shortcutConfig, from, to, 1))
		}
	}
	cases := []struct {
		name   string
		change func(w *shortcutWorld)
		// sameKeys: the credentials may stay (only the region changed).
		sameKeys bool
		region   string
	}{
		// Same size, same inode, mtime set back to what it was: only the
		// ctime tells.
		{name: "role_arn", change: edit("210000000001:role/ReadOnly", "210000000002:role/ReadOnly")},
		{name: "region", change: edit("role/ReadOnly\nsource_profile = demo-jump\nregion = us-east-1", "role/ReadOnly\nsource_profile = demo-jump\nregion = eu-west-1"),
			sameKeys: true, region: "eu-west-1"},
		{name: "source", change: edit("source_profile = demo-jump", "source_profile = other-jump")},
		{name: "mfa_serial", change: edit("source_profile = demo-jump\n", "source_profile = demo-jump\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n")},
		{name: "external_id", change: edit("source_profile = demo-jump\n", "source_profile = demo-jump\nexternal_id = not-required\n")},
		{name: "role_session_name", change: edit("source_profile = demo-jump\n", "source_profile = demo-jump\nrole_session_name = someone-else\n")},
		{name: "duration_seconds", change: edit("source_profile = demo-jump\n", "source_profile = demo-jump\nduration_seconds = 1800\n")},
		{name: "the source's keys", change: func(w *shortcutWorld) {
			w.write(w.awsCreds, strings.Replace(shortcutCreds, "AKIADEMOALICE0000001", "AKIADEMOALICE0000002", 1))
		}},
		{name: "the config file replaced atomically", change: func(w *shortcutWorld) {
			tmp := w.awsConfig + ".new"
			w.write(tmp, strings.Replace(shortcutConfig, "source_profile = demo-jump", "source_profile = other-jump", 1))
			if err := os.Rename(tmp, w.awsConfig); err != nil {
				w.t.Fatal(err)
			}
		}},
		{name: "a switchrole TOML file appearing", change: func(w *shortcutWorld) {
			// A file that did not exist when the shortcut was made, whose
			// default role session length applies to p.
			w.write(w.env.ConfigFile, "[defaults]\nsession_duration = \"45m\"\n")
		}},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			w := newShortcutWorld(t)
			if tc.name == "a switchrole TOML file appearing" {
				// Looked for at its default place, where a missing file is
				// no error.
				if err := os.Remove(w.env.ConfigFile); err != nil {
					t.Fatal(err)
				}
				w.unsetenv("SWITCHROLE_CONFIG")
			}
			old := w.mustEnv("p")
			if again := w.mustEnv("p"); again.key() != old.key() {
				t.Fatalf("not warm before the change: %s, then %s", old.key(), again.key())
			}
			if r := w.frontAlone("credential-process", "p"); r.code != 0 {
				t.Fatalf("no shortcut before the change: %s", r)
			}
			tc.change(w)
			s, r := w.envJSON("p")
			switch {
			case s == nil:
				// A change that makes p unusable here (an MFA code needed
				// and no terminal, keys STS refuses) fails: never the
				// old credentials.
				if strings.Contains(r.stdout+r.stderr, old.key()) {
					t.Errorf("after the change: %s", r)
				}
				t.Logf("after the change: %s", r)
			case tc.sameKeys:
				if s["AWS_REGION"] != tc.region {
					t.Errorf("AWS_REGION = %q after the change, want %q", s["AWS_REGION"], tc.region)
				}
			case s.key() == old.key():
				t.Errorf("served the old credentials after changing %s", tc.name)
			}
		})
	}
}

// What decides which files are read, and the region variables, are part of
// the shortcut's identity: another value is another shortcut.
func TestWarmShortcutFollowsTheEnvironment(t *testing.T) {
	w := newShortcutWorld(t)
	noRegion := strings.Replace(shortcutConfig, "source_profile = demo-jump\nregion = us-east-1\n", "source_profile = demo-jump\n", 1)
	w.write(w.awsConfig, noRegion)
	old := w.mustEnv("p")
	if r := w.frontAlone("credential-process", "p"); r.code != 0 {
		t.Fatalf("no shortcut: %s", r)
	}

	w.setenv("AWS_REGION", "eu-west-2")
	if s := w.mustEnv("p"); s["AWS_REGION"] != "eu-west-2" {
		t.Errorf("with AWS_REGION=eu-west-2 the answer says %q", s["AWS_REGION"])
	}
	w.unsetenv("AWS_REGION")

	other := filepath.Join(w.home, "other-config")
	w.write(other, strings.Replace(noRegion, "210000000001:role/ReadOnly", "210000000002:role/ReadOnly", 1))
	w.setenv("AWS_CONFIG_FILE", other)
	if s := w.mustEnv("p"); s.key() == old.key() {
		t.Error("AWS_CONFIG_FILE pointing at another file served the old credentials")
	}
	w.setenv("AWS_CONFIG_FILE", w.awsConfig)

	toml := filepath.Join(w.home, "other.toml")
	w.write(toml, "[defaults]\nsession_duration = \"45m\"\n")
	r := w.mustRun("", "env", "p", "--format", "json", "--config", toml)
	if strings.Contains(r.stdout, old.key()) {
		t.Error("--config naming another file served the old credentials")
	}
	if s := w.mustEnv("p"); s.key() != old.key() {
		t.Error("back to the first files, the first session should answer again")
	}
}
