// Package config loads the targets switchrole can switch to: IAM roles and
// the identities ("sources") that assume them. They come from three places,
// merged into one list with one set of rules:
//
//   - the AWS shared config and credentials files (~/.aws/config,
//     ~/.aws/credentials), read the way the AWS SDK for Go v2 reads them, so
//     a profile means the same thing to switchrole as to the aws CLI;
//   - switchrole's own TOML file, which describes hundreds or thousands of
//     accounts compactly (a role list shared by every account, per-account
//     colours, tags and groups) without writing one profile per role;
//   - the accounts and roles IAM Identity Center listed for each SSO session
//     (`switchrole sso login|sync` caches them through package
//     sso/listfile), one source target per role, named by a template.
//
// A load checks everything into small records and builds a Target only
// when asked for (Index), for AWS profiles and TOML roles alike; Load is
// LoadIndex building them all.
//
// Everything is validated when loading, and every problem is a *Error that
// names the file and line, so a typo is found by `switchrole config check`
// rather than by a failed AssumeRole during an incident. The package makes no
// AWS calls; the credentials engine reads only the resolved Target values.
package config

import (
	"bytes"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Config is the merged, validated result of Load.
type Config struct {
	// Targets in a stable order: TOML sources in file order, then TOML
	// roles (accounts in file order, each account's roles in order), then
	// AWS profiles in file order (config file, then credentials file).
	Targets []Target
	// Defaults are the [defaults] settings of the TOML file.
	Defaults Defaults
	// Files are the files actually read, for `switchrole config check`.
	Files []string
	// Problems are the mistakes that make some targets unusable without
	// stopping the others (see Target.Problem), each once, in file order:
	// commands print them as warnings, `config check` fails on them.
	// Mistakes in switchrole's own TOML file are never here: Load fails
	// on them.
	Problems []*Error
	// SSO are the Identity Center sessions and listing settings.
	SSO SSOConfig

	indexOnce sync.Once
	index     map[string]int
	// aliases maps the name of an AWS source profile that a [sources.X]
	// entry took over (profile = "P") to X: P is not listed on its own,
	// but Lookup("P") still finds X.
	aliases map[string]string
}

// Defaults are the settings that apply when a target says nothing. The
// engine applies them (they are not copied into targets, except
// FederationURL).
type Defaults struct {
	// Region is used when neither the target nor its account sets one.
	Region string
	// SessionDuration is how long role credentials last (15m-12h; 0: 1h).
	// Sources have their own SessionDuration for GetSessionToken.
	SessionDuration time.Duration
	// RoleSessionName is the AssumeRole session name when the target sets
	// none ("": the engine derives one from the caller).
	RoleSessionName string
	// FederationURL overrides the console federation endpoint (tests,
	// demos); it is also copied into every Target.FederationURL.
	FederationURL string
	// RefreshWindow: cached credentials with less than this left are
	// refreshed (0: the engine's default, 5m).
	RefreshWindow time.Duration
	// Browser is the command consoles open in ("": $BROWSER, else the
	// system's default browser), e.g. "chromium" or "firefox".
	Browser string
	// IsolateConsoles opens each account's console in a browser profile
	// of its own, as `console --isolate` does.
	IsolateConsoles bool
	// HasRoles: [defaults] lists roles, which every account without a
	// roles list of its own gets (`discover org` needs --role otherwise).
	HasRoles bool
}

// Lookup finds a target by its exact name.
func (c *Config) Lookup(name string) (*Target, bool) {
	// Built on first use: `list --filter` never looks anything up, and
	// 100,000 map inserts are a fifth of a Load.
	c.indexOnce.Do(func() {
		c.index = make(map[string]int, len(c.Targets))
		for i := range c.Targets {
			c.index[c.Targets[i].Name] = i
		}
	})
	i, ok := c.index[name]
	if !ok {
		if alias, isAlias := c.aliases[name]; isAlias {
			i, ok = c.index[alias]
		}
		if !ok {
			return nil, false
		}
	}
	return &c.Targets[i], true
}

// SearchText is what fuzzy matching sees: the name, then the account name
// (unless the name already contains it), the account id and the tags,
// separated by spaces. Searching "prod 2222" or a tag finds the target.
func (t *Target) SearchText() string {
	n := len(t.Name) + len(t.Account) + len(t.AccountID) + 3
	for _, tag := range t.Tags {
		n += len(tag) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, t.Name...)
	return string(appendSearchMeta(b, 0, t.Account, t.AccountID, t.Tags))
}

// appendSearchMeta appends what follows the name in a search text; the
// name is dst[nameAt:].
func appendSearchMeta(dst []byte, nameAt int, account, accountID string, tags []string) []byte {
	add := func(s string) {
		if s != "" {
			dst = append(dst, ' ')
			dst = append(dst, s...)
		}
	}
	if !bytes.Contains(dst[nameAt:], []byte(account)) {
		add(account)
	}
	add(accountID)
	for _, tag := range tags {
		add(tag)
	}
	return dst
}

// Load reads the AWS files and the TOML file named by opts (or the
// environment), merges and validates them. Every error is a *Error, or a
// joined error whose every line is a *Error; use errors.As. It is LoadIndex
// building every target: there is one way to build one.
func Load(opts Options) (*Config, error) {
	x, err := LoadIndex(opts)
	if err != nil {
		return nil, err
	}
	return x.Config(), nil
}

// load checks and merges everything, and leaves the role and AWS targets
// that need nothing from link for the returned builder to build on demand
// (see Index).
func load(opts Options) (*Config, *tomlBuilder, error) {
	awsPath, credsPath, tomlPath, explicit := resolvePaths(opts)
	var probs problems
	c := &Config{}

	readINI := func(path string) *iniFile {
		data, found, err := readConfigFile(path)
		switch {
		case err != nil:
			probs.push(err)
			return nil
		case !found:
			return nil
		case strings.HasPrefix(string(data[:min(len(data), 3)]), "\xef\xbb\xbf"):
			// The SDK does not skip a byte order mark: the first section
			// would silently vanish for the aws CLI and SDKs.
			probs.add(path, 1, "", "starts with a UTF-8 byte order mark, which the AWS SDKs do not understand; save the file as UTF-8 without BOM")
			return nil
		}
		c.Files = append(c.Files, path)
		f := parseINI(path, data)
		for _, e := range f.problems {
			probs.push(e)
		}
		return f
	}
	cfgINI := readINI(awsPath)
	credsINI := readINI(credsPath)

	tomlData, tomlFound, terr := readConfigFile(tomlPath)
	switch {
	case terr != nil:
		probs.push(terr)
	case !tomlFound && explicit:
		probs.add(tomlPath, 0, "", "the switchrole config file does not exist; create it with `switchrole config init` or point SWITCHROLE_CONFIG at an existing file")
	case tomlFound:
		c.Files = append(c.Files, tomlPath)
	}
	if !probs.empty() {
		return nil, nil, probs.err()
	}

	set := buildAWSSet(cfgINI, credsINI)
	warnings, selfCalls := resolveAWS(set)
	c.Problems = warnings

	var doc *tomlDoc
	var ix *tomlIndex
	if tomlFound {
		var fast bool
		doc, ix, fast = readTOMLFast(bytes.TrimPrefix(tomlData, []byte("\xef\xbb\xbf")))
		if !fast {
			// Another layout, or a mistake: the decoder reads every
			// valid layout and words every error.
			if doc, _ = decodeTOML(tomlPath, tomlData, &probs); doc != nil {
				ix = buildTOMLIndex(tomlData)
			}
		}
	}
	if !probs.empty() && doc == nil {
		return nil, nil, probs.err()
	}
	// With problems already found (unknown keys), building goes on: one
	// run reports every mistake in the file, not one kind per run.

	// The targets: the TOML sources, built now, then each account's roles
	// and the AWS targets, built when asked for, then the SSO listings'
	// targets, which take names no other target has.
	b := &tomlBuilder{file: tomlPath, probs: &probs, aws: set, aliases: selfCalls}
	var tomlSources []Target
	if doc != nil {
		b.loc = &tomlLines{data: tomlData}
		b.ix = ix
		c.Defaults = b.defaults(&doc.Defaults)
		tomlSources = b.sources(doc.Sources, nil)
	}
	b.plan(doc, tomlSources)
	b.addSSO(c, cfgINI, doc, opts.SSOListingDir)
	c.Targets = b.layout(tomlSources)
	if !probs.empty() {
		return nil, nil, probs.err()
	}
	c.aliases = b.aliases
	b.link(c)
	if !probs.empty() {
		return nil, nil, probs.err()
	}
	return c, b, nil
}

// checkFederationURL accepts an absolute http(s) URL.
func checkFederationURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
