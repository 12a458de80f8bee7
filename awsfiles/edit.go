// Package awsfiles edits the AWS shared config and credentials files in
// place, line by line, for `switchrole keys import`: it removes a
// profile's keys and adds a credential_process, and keeps every other byte
// (comments, order, blank lines, line endings) and the file's mode. The
// files belong to the user and to every AWS tool; a rewrite through an INI
// library would reformat them.
//
// Reading configuration stays in package config; this package only finds
// the lines it changes, with the AWS SDK's rules for headers and keys.
package awsfiles

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/switchrole/switchrole/internal/atomicfile"
)

// Keys are the long-term keys found in a credentials section.
type Keys struct {
	AccessKeyID, SecretAccessKey string
	// IDLine and SecretLine are the 1-based lines they were on.
	IDLine, SecretLine int
}

// line is one line of a file, its terminator included.
type line struct {
	text string
	// section is the section it belongs to ("" before the first header);
	// header is true for the header line itself.
	section string
	header  bool
	key     string // lower-cased key name, "" when not a key line
	value   string
}

func split(data []byte) []line {
	var out []line
	section := ""
	nested := false // the previous key had an empty value: indented keys below are its nested values
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		var raw string
		if i < 0 {
			raw, data = string(data), nil
		} else {
			raw, data = string(data[:i+1]), data[i+1:]
		}
		l := line{text: raw, section: section}
		body := strings.TrimRight(raw, "\r\n")
		trimmed := strings.TrimSpace(body)
		indented := body != "" && (body[0] == ' ' || body[0] == '\t')
		switch {
		case strings.HasPrefix(trimmed, "["):
			end := strings.IndexByte(trimmed, ']')
			if end > 0 {
				section = strings.Join(strings.Fields(trimmed[1:end]), " ")
				l.section, l.header = section, true
				nested = false
			}
		case trimmed == "" || trimmed[0] == '#' || trimmed[0] == ';':
		case indented && nested:
		default:
			if k, v, ok := cutKey(trimmed); ok {
				l.key, l.value = k, v
				nested = v == ""
			}
		}
		out = append(out, l)
	}
	return out
}

// cutKey splits "key = value" (or "key: value") as the SDK does: a comment
// needs a blank before it, and one pair of quotes is removed.
func cutKey(s string) (key, value string, ok bool) {
	i := strings.IndexAny(s, "=:")
	if i <= 0 {
		return "", "", false
	}
	key = strings.ToLower(strings.TrimSpace(s[:i]))
	value = s[i+1:]
	for _, c := range []string{" #", "\t#", " ;", "\t;"} {
		if j := strings.Index(value, c); j >= 0 {
			value = value[:j]
		}
	}
	value = strings.TrimSpace(value)
	if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
		value = value[1 : len(value)-1]
	}
	return key, value, true
}

func join(lines []line) []byte {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.text)
	}
	return []byte(b.String())
}

// ErrNoKeys says the profile has no aws_access_key_id and
// aws_secret_access_key in the file.
var ErrNoKeys = errors.New("no aws_access_key_id and aws_secret_access_key")

// RemoveKeys returns the credentials file data without profile's
// aws_access_key_id and aws_secret_access_key lines, and without its section
// when nothing but blank lines is left in it, unless keepSection: a section
// that is the profile's only declaration must stay, or every
// source_profile naming it would name a profile that does not exist. A
// profile with an aws_session_token holds temporary credentials, which are
// refused.
func RemoveKeys(data []byte, profile string, keepSection bool) ([]byte, Keys, error) {
	lines := split(data)
	var k Keys
	drop := map[int]bool{}
	for i, l := range lines {
		if l.section != profile || l.header {
			continue
		}
		switch l.key {
		case "aws_access_key_id":
			k.AccessKeyID, k.IDLine = l.value, i+1
			drop[i] = true
		case "aws_secret_access_key":
			k.SecretAccessKey, k.SecretLine = l.value, i+1
			drop[i] = true
		case "aws_session_token", "aws_security_token":
			return nil, Keys{}, fmt.Errorf("[%s] holds a session token: these are temporary credentials, not long-term keys", profile)
		}
	}
	if k.AccessKeyID == "" || k.SecretAccessKey == "" {
		return nil, Keys{}, ErrNoKeys
	}
	// An emptied section goes with its header (and the blank lines after it).
	header, empty := -1, true
	for i, l := range lines {
		if l.section != profile {
			continue
		}
		if l.header {
			header = i
			continue
		}
		if !drop[i] && strings.TrimSpace(l.text) != "" {
			empty = false
		}
	}
	if empty && header >= 0 && !keepSection {
		for i, l := range lines {
			if l.section == profile && (l.header || i > header) {
				drop[i] = true
			}
		}
	}
	var out []line
	for i, l := range lines {
		if !drop[i] {
			out = append(out, l)
		}
	}
	return join(out), k, nil
}

// DeclaresProfile reports whether the AWS config file data has a section
// for profile: [profile NAME], or [default] (or [profile default]) for
// "default".
func DeclaresProfile(data []byte, profile string) bool {
	for _, l := range split(data) {
		if l.header && (l.section == "profile "+profile || profile == "default" && l.section == "default") {
			return true
		}
	}
	return false
}

// SetCredentialProcess returns the config file data with
// `credential_process = command` in profile's section ([profile NAME], or
// [default]), replacing one already there, or in a new section at the end.
func SetCredentialProcess(data []byte, profile, command string) []byte {
	section := "profile " + profile
	if profile == "default" {
		section = "default"
	}
	lines := split(data)
	nl := "\n"
	if bytes.Contains(data, []byte("\r\n")) {
		nl = "\r\n"
	}
	entry := "credential_process = " + command + nl
	last := -1
	for i, l := range lines {
		if l.section != section {
			continue
		}
		if l.key == "credential_process" {
			lines[i].text = entry
			return join(lines)
		}
		if l.header || strings.TrimSpace(l.text) != "" {
			last = i
		}
	}
	if last < 0 {
		var b []byte
		b = append(b, data...)
		if len(b) > 0 && b[len(b)-1] != '\n' {
			b = append(b, nl...)
		}
		return append(b, "["+section+"]"+nl+entry...)
	}
	if !strings.HasSuffix(lines[last].text, "\n") {
		lines[last].text += nl
	}
	out := append([]line{}, lines[:last+1]...)
	out = append(out, line{text: entry})
	return join(append(out, lines[last+1:]...))
}

// WriteAtomic replaces path (following a symlink to the real file) with
// data: a temporary file in the same directory with the old file's mode,
// synced, then renamed over it. A missing file is created with mode 0600.
func WriteAtomic(path string, data []byte) error {
	real, mode := path, os.FileMode(0o600) // a new file is private
	if r, err := filepath.EvalSymlinks(path); err == nil {
		fi, err := os.Stat(r)
		if err != nil {
			return err
		}
		real, mode = r, fi.Mode().Perm()
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return atomicfile.Write(real, data, mode)
}

// ProfilesWithKeys lists, in file order, the sections of a credentials
// file that hold both an aws_access_key_id and an aws_secret_access_key.
func ProfilesWithKeys(data []byte) []string {
	var out []string
	seen := map[string]int{}
	for _, l := range split(data) {
		if l.key == "aws_access_key_id" || l.key == "aws_secret_access_key" {
			if seen[l.section]++; seen[l.section] == 2 {
				out = append(out, l.section)
			}
		}
	}
	return out
}
