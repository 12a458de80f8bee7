package console

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"

	"github.com/lucasb-eyer/go-colorful"

	"github.com/switchrole/switchrole/config"
)

// LinkOptions describes a console "Switch Role" link. The link holds no
// credentials: whoever opens it must already be signed in to the console
// as an identity the role trusts.
type LinkOptions struct {
	// Partition picks the sign-in host; "" means aws.
	Partition string
	// AccountID is the 12-digit account id or the account alias.
	AccountID string
	// RoleName is the role name with its path, e.g. "team/Admin".
	RoleName string
	// DisplayName is what the console shows for the role; it is shortened
	// with DisplayName. "" lets the console choose.
	DisplayName string
	// Color is "#rrggbb", "rrggbb" or a palette name; it is mapped to the
	// nearest colour the console accepts (ConsoleColor). "" means none.
	Color string
}

// SwitchRoleURL builds https://signin.aws.amazon.com/switchrole?account=…
// &roleName=…&displayName=…&color=… (aws-wire.md §1.4). Values are
// query-encoded in that order; empty optional values are left out.
//
// displayName and color are undocumented but honoured by the console;
// color must be one of its palette values, or the console ignores it.
func SwitchRoleURL(o LinkOptions) string {
	var b strings.Builder
	b.WriteString("https://")
	b.WriteString(hostsFor(o.Partition).signin)
	b.WriteString("/switchrole")
	sep := byte('?')
	add := func(key, value string) {
		if value == "" {
			return
		}
		b.WriteByte(sep)
		sep = '&'
		b.WriteString(key)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(value))
	}
	add("account", strings.TrimSpace(o.AccountID))
	add("roleName", strings.Trim(strings.TrimSpace(o.RoleName), "/"))
	add("displayName", DisplayName(o.DisplayName))
	add("color", ConsoleColor(o.Color))
	return b.String()
}

// MaxRoleNameForSwitch is the console's limit on a role's path plus name:
// "if you intend to use a role with the Switch Role feature in the AWS
// Management Console, then the combined Path and RoleName cannot exceed 64
// characters" (IAM User Guide, roles management).
const MaxRoleNameForSwitch = 64

// ErrExternalID is why a role that requires an external id cannot be
// reached through a Switch Role link; CanSwitchInConsole returns it.
var ErrExternalID = errors.New("the console's Switch Role cannot pass an external id, and this role requires one; open the console with a federation sign-in (switchrole console) instead")

// CanSwitchInConsole reports why the console's Switch Role page cannot
// assume a role that needs this external id, or nil when none is needed.
func CanSwitchInConsole(externalID string) error {
	if strings.TrimSpace(externalID) != "" {
		return ErrExternalID
	}
	return nil
}

// CheckSwitchRoleName reports why the console's Switch Role page cannot
// take this role name (with path), or nil.
func CheckSwitchRoleName(roleName string) error {
	name := strings.Trim(strings.TrimSpace(roleName), "/")
	if name == "" {
		return errors.New("a Switch Role link needs a role name")
	}
	if n := len(name); n > MaxRoleNameForSwitch {
		return fmt.Errorf("role %s is %d characters with its path, over the %d the console's Switch Role accepts; open the console with a federation sign-in (switchrole console) instead", name, n, MaxRoleNameForSwitch)
	}
	return nil
}

// MaxDisplayName is how long a display name the console keeps. The Switch
// Role form's field takes 64 characters; AWS does not document it, so this
// is the observed limit, counted as the browser does (UTF-16 units).
const MaxDisplayName = 64

// DisplayName makes a name fit the console's display name: line breaks,
// tabs and other control characters become spaces, runs of spaces shrink
// to one, and a name longer than MaxDisplayName is cut at a character
// boundary and ends with "…", so the user sees that it was shortened
// rather than silently losing the end.
func DisplayName(name string) string {
	fields := strings.FieldsFunc(name, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	})
	s := strings.Join(fields, " ")
	if utf16Len(s) <= MaxDisplayName {
		return s
	}
	const ellipsis = '…'
	budget := MaxDisplayName - utf16.RuneLen(ellipsis)
	var b strings.Builder
	used := 0
	for _, r := range s {
		n := utf16.RuneLen(r)
		if n < 0 {
			n = 1 // invalid rune: encoded as U+FFFD, one unit
		}
		if used+n > budget {
			break
		}
		used += n
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), " ") + string(ellipsis)
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if l := utf16.RuneLen(r); l > 0 {
			n += l
		} else {
			n++
		}
	}
	return n
}

// ConsolePalette is the colours the console's Switch Role accepts for its
// color parameter (hex without "#"), as of 2024-08 (aws-wire.md §1.4).
var ConsolePalette = [...]struct{ Name, Hex string }{
	{"red", "f2b0a9"},
	{"blue", "83d4e8"},
	{"green", "b7ca9d"},
	{"yellow", "efda95"},
	{"orange", "fbc8aa"},
}

// consoleLab is the palette parsed on first use (not at start-up, which
// every switchrole run pays), for ConsoleColor.
var consoleLab = sync.OnceValue(func() [len(ConsolePalette)]colorful.Color {
	var out [len(ConsolePalette)]colorful.Color
	for i, p := range ConsolePalette {
		c, err := colorful.Hex("#" + p.Hex)
		if err != nil {
			panic("console palette: " + err.Error()) // a constant table: a typo is a programming error
		}
		out[i] = c
	}
	return out
})

// ConsoleColor maps a colour ("#rrggbb", "rrggbb", "#rgb" or a palette
// name such as "red") to the console palette value that looks closest
// (CIEDE2000 distance in Lab space, which follows human perception far
// better than RGB distance), as hex without "#". It returns "" for "" or
// anything that is not a colour, so the link simply carries no colour.
func ConsoleColor(color string) string {
	hex, ok := config.NormalizeColor(color)
	if !ok {
		return ""
	}
	c, err := colorful.Hex(hex)
	if err != nil {
		return ""
	}
	best, bestDist := 0, 0.0
	for i, p := range consoleLab() {
		d := c.DistanceCIEDE2000(p)
		if i == 0 || d < bestDist {
			best, bestDist = i, d
		}
	}
	return ConsolePalette[best].Hex
}
