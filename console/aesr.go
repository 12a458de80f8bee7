package console

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/switchrole/switchrole/config"
)

// WriteAESR writes the roles as a configuration for the
// aws-extend-switch-roles browser extension (github.com/tilfinltd/
// aws-extend-switch-roles), to paste into its Configuration page.
//
// Each role becomes a [profile NAME] section with aws_account_id,
// role_name (with path), color (the target's own hex, without "#": the
// extension draws any colour) and region. Entries with a SourceAccountID
// are grouped as the extension documents: one base-account section per
// source (aws_account_id only) and source_profile in each role, so the
// extension lists only the roles reachable from the account the user is
// signed in to. Entries without one are listed first and always shown.
//
// The extension's parser cuts a line at ";" or "#" and a value at a second
// "=", so names are cleaned of those characters, and a role whose name or
// account contains them is left out with a comment saying why, as are
// entries the console cannot switch to (LinkEntry.Check).
func WriteAESR(w io.Writer, entries []LinkEntry) error {
	bw := bufio.NewWriter(w)
	fmt.Fprint(bw, "; aws-extend-switch-roles configuration written by switchrole.\n")
	fmt.Fprint(bw, "; Paste it into the extension's Configuration page.\n")

	names := aesrNames{used: map[string]bool{}}
	type base struct {
		section string
		roles   []LinkEntry
	}
	var loose []LinkEntry
	var bases []*base
	byAccount := map[string]*base{}
	for _, e := range entries {
		if err := aesrCheck(e); err != nil {
			fmt.Fprintf(bw, "; left out %s\n", oneLine(err.Error()))
			continue
		}
		src := strings.TrimSpace(e.SourceAccountID)
		if src == "" {
			loose = append(loose, e)
			continue
		}
		b, ok := byAccount[src]
		if !ok {
			label := e.SourceName
			if strings.TrimSpace(label) == "" {
				label = src
			}
			b = &base{section: names.take(label, "base "+src)}
			byAccount[src] = b
			bases = append(bases, b)
		}
		b.roles = append(b.roles, e)
	}

	for _, e := range loose {
		writeAESRRole(bw, names.take(e.Label(), "role"), e, "")
	}
	for _, b := range bases {
		src := strings.TrimSpace(b.roles[0].SourceAccountID)
		fmt.Fprintf(bw, "\n[profile %s]\naws_account_id = %s\n", b.section, src)
		for _, e := range b.roles {
			writeAESRRole(bw, names.take(e.Label(), "role"), e, b.section)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write aws-extend-switch-roles config: %w", err)
	}
	return nil
}

func writeAESRRole(w io.Writer, section string, e LinkEntry, sourceProfile string) {
	r := e.resolved()
	fmt.Fprintf(w, "\n[profile %s]\naws_account_id = %s\nrole_name = %s\n", section, r.AccountID, r.Role)
	if hex, ok := config.NormalizeColor(r.Color); ok {
		fmt.Fprintf(w, "color = %s\n", strings.TrimPrefix(hex, "#"))
	}
	if config.ValidRegion(r.Region) {
		fmt.Fprintf(w, "region = %s\n", r.Region)
	}
	if sourceProfile != "" {
		fmt.Fprintf(w, "source_profile = %s\n", sourceProfile)
	}
}

// aesrCheck reports why an entry cannot be written for the extension.
func aesrCheck(e LinkEntry) error {
	if e.PortalURL != "" {
		return fmt.Errorf("%s: an IAM Identity Center role, which aws-extend-switch-roles cannot switch to (its access portal signs in to it)", e.Label())
	}
	if err := e.Check(); err != nil {
		return err
	}
	r := e.resolved()
	for _, v := range []struct{ what, value string }{
		{"role name", r.Role}, {"account", r.AccountID}, {"source account", strings.TrimSpace(e.SourceAccountID)},
	} {
		if strings.ContainsAny(v.value, ";#=") {
			return fmt.Errorf("%s: its %s %q contains ; # or =, which aws-extend-switch-roles cannot read", e.Label(), v.what, v.value)
		}
	}
	return nil
}

// aesrNames hands out section names that the extension reads back
// unchanged and that are unique across the file.
type aesrNames struct{ used map[string]bool }

func (n aesrNames) take(label, fallback string) string {
	name := cleanSection(label)
	if name == "" {
		name = cleanSection(fallback)
	}
	unique := name
	for i := 2; n.used[strings.ToLower(unique)]; i++ {
		unique = name + " (" + strconv.Itoa(i) + ")"
	}
	n.used[strings.ToLower(unique)] = true
	return unique
}

// cleanSection replaces what the extension's parser would cut or misread
// in a section name (comment starters, brackets, "=" in source_profile
// values, line breaks) and trims it.
func cleanSection(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == ';' || r == '#' || r == '[' || r == ']' || r == '=':
			return '-'
		case r < ' ' || r == 0x7f:
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
