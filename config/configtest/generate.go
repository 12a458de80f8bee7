// Package configtest generates realistic, deterministic configuration files
// of any size for tests, benchmarks and demos: names like prod-core,
// staging-data-7 and roles like Admin, ReadOnly, PowerUser, Billing.
package configtest

import (
	"strconv"
	"strings"
)

var (
	envs   = []string{"prod", "staging", "dev", "sandbox", "qa", "perf", "shared", "security"}
	teams  = []string{"core", "data", "web", "payments", "search", "ml", "platform", "identity", "mobile", "infra", "billing", "audit"}
	groups = map[string]string{"prod": "production", "staging": "staging", "dev": "development", "sandbox": "development",
		"qa": "testing", "perf": "testing", "shared": "shared", "security": "security"}
	colors = map[string]string{"prod": "red", "staging": "orange", "dev": "green", "sandbox": "teal",
		"qa": "yellow", "perf": "purple", "shared": "blue", "security": "pink"}
	regions   = []string{"eu-west-1", "us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2"}
	baseRoles = []string{"Admin", "ReadOnly", "PowerUser", "Billing", "Developer", "Deploy", "Support",
		"SecurityAudit", "DataScientist", "NetworkAdmin", "DBA", "OnCall", "Viewer", "Operator", "Maintainer"}
)

// AccountName is the name of the i-th generated account: prod-core,
// staging-core, ..., then prod-core-2 and so on, so every name is unique.
func AccountName(i int) string {
	env := envs[i%len(envs)]
	team := teams[(i/len(envs))%len(teams)]
	name := env + "-" + team
	if round := i / (len(envs) * len(teams)); round > 0 {
		name += "-" + strconv.Itoa(round+1)
	}
	return name
}

// AccountID is the 12-digit id of the i-th generated account.
func AccountID(i int) string {
	s := strconv.Itoa(100000000000 + i*7919)
	return s[len(s)-12:]
}

// RoleName is the j-th generated role name: the common ones first, then
// numbered variants (Admin2, ReadOnly2, ...).
func RoleName(j int) string {
	name := baseRoles[j%len(baseRoles)]
	if round := j / len(baseRoles); round > 0 {
		name += strconv.Itoa(round + 1)
	}
	return name
}

// GenerateTOML returns a switchrole TOML file with one source ("jump", AWS
// profile "jump", see GenerateAWSConfig) and accounts × rolesPerAccount
// role targets, each account listing its roles inline.
func GenerateTOML(accounts, rolesPerAccount int) []byte {
	var b strings.Builder
	b.Grow(200 + accounts*(160+rolesPerAccount*14))
	b.WriteString("[defaults]\nregion = \"eu-west-1\"\nsession_duration = \"1h\"\n\n")
	b.WriteString("[sources.jump]\nprofile = \"jump\"\nmfa_serial = \"arn:aws:iam::111111111111:mfa/alice\"\ndefault = true\n")
	for i := 0; i < accounts; i++ {
		env := envs[i%len(envs)]
		b.WriteString("\n[[accounts]]\nname = \"")
		b.WriteString(AccountName(i))
		b.WriteString("\"\nid = \"")
		b.WriteString(AccountID(i))
		b.WriteString("\"\ncolor = \"")
		b.WriteString(colors[env])
		b.WriteString("\"\nregion = \"")
		b.WriteString(regions[i%len(regions)])
		b.WriteString("\"\ntags = [\"")
		b.WriteString(env)
		b.WriteString("\", \"")
		b.WriteString(teams[(i/len(envs))%len(teams)])
		b.WriteString("\"]\ngroup = \"")
		b.WriteString(groups[env])
		b.WriteString("\"\nroles = [")
		for j := 0; j < rolesPerAccount; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('"')
			b.WriteString(RoleName(j))
			b.WriteByte('"')
		}
		b.WriteString("]\n")
	}
	return []byte(b.String())
}

// GenerateAWSConfig returns an ~/.aws/config with a [profile jump] holding
// (fake) static keys and mfa_serial, and profiles-1 role profiles sourced
// from it, named like their TOML counterparts (prod-core-admin, ...).
func GenerateAWSConfig(profiles int) []byte {
	return generateAWS(profiles, false)
}

// AWSProfileNames is the names of GenerateAWSConfig's profiles (and so of
// its targets), one a line: what fzf is given in benchmarks.
func AWSProfileNames(profiles int) []byte {
	return generateAWS(profiles, true)
}

// generateAWS writes GenerateAWSConfig's file, or only its profile names.
func generateAWS(profiles int, onlyNames bool) []byte {
	var b strings.Builder
	b.Grow(200 + profiles*200)
	if onlyNames {
		b.WriteString("jump\n")
	} else {
		b.WriteString("[default]\nregion = eu-west-1\n\n")
		b.WriteString("[profile jump]\naws_access_key_id = AKIAGENERATEDEXAMPLE\naws_secret_access_key = generated/secret/for/tests/only\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\n")
	}
	roles := len(baseRoles)
	for k := 0; k < profiles-1; k++ {
		i, j := k/roles, k%roles
		if onlyNames {
			b.WriteString(AccountName(i))
			b.WriteByte('-')
			b.WriteString(strings.ToLower(RoleName(j)))
			b.WriteByte('\n')
			continue
		}
		b.WriteString("\n[profile ")
		b.WriteString(AccountName(i))
		b.WriteByte('-')
		b.WriteString(strings.ToLower(RoleName(j)))
		b.WriteString("]\nrole_arn = arn:aws:iam::")
		b.WriteString(AccountID(i))
		b.WriteString(":role/")
		b.WriteString(RoleName(j))
		b.WriteString("\nsource_profile = jump\nregion = ")
		b.WriteString(regions[i%len(regions)])
		b.WriteByte('\n')
	}
	return []byte(b.String())
}
