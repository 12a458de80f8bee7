package console

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/switchrole/switchrole/config"
)

func TestSwitchRoleURL(t *testing.T) {
	tests := []struct {
		name string
		o    LinkOptions
		want string
	}{
		{"minimal", LinkOptions{AccountID: "123456789012", RoleName: "Admin"},
			"https://signin.aws.amazon.com/switchrole?account=123456789012&roleName=Admin"},
		{"all params in order", LinkOptions{AccountID: "123456789012", RoleName: "Admin", DisplayName: "prod admin", Color: "#f2b0a9"},
			"https://signin.aws.amazon.com/switchrole?account=123456789012&roleName=Admin&displayName=prod+admin&color=f2b0a9"},
		{"role path kept", LinkOptions{AccountID: "123456789012", RoleName: "/team/Admin/"},
			"https://signin.aws.amazon.com/switchrole?account=123456789012&roleName=team%2FAdmin"},
		{"alias", LinkOptions{AccountID: "my-alias", RoleName: "R"},
			"https://signin.aws.amazon.com/switchrole?account=my-alias&roleName=R"},
		{"gov", LinkOptions{Partition: "aws-us-gov", AccountID: "123456789012", RoleName: "R"},
			"https://signin.amazonaws-us-gov.com/switchrole?account=123456789012&roleName=R"},
		{"china", LinkOptions{Partition: "aws-cn", AccountID: "123456789012", RoleName: "R"},
			"https://signin.amazonaws.cn/switchrole?account=123456789012&roleName=R"},
		{"odd characters", LinkOptions{AccountID: "123456789012", RoleName: "a+b=c,d.e@f_g-h", DisplayName: "A&B=C?#%/ é"},
			"https://signin.aws.amazon.com/switchrole?account=123456789012&roleName=a%2Bb%3Dc%2Cd.e%40f_g-h&displayName=A%26B%3DC%3F%23%25%2F+%C3%A9"},
		{"colour mapped to palette", LinkOptions{AccountID: "123456789012", RoleName: "R", Color: "#ff0000"},
			"https://signin.aws.amazon.com/switchrole?account=123456789012&roleName=R&color=f2b0a9"},
		{"invalid colour dropped", LinkOptions{AccountID: "123456789012", RoleName: "R", Color: "chartreuse-ish"},
			"https://signin.aws.amazon.com/switchrole?account=123456789012&roleName=R"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SwitchRoleURL(tt.o)
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			u, err := url.Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			if q.Get("roleName") != strings.Trim(tt.o.RoleName, "/") {
				t.Errorf("roleName decodes to %q", q.Get("roleName"))
			}
			if q.Get("displayName") != DisplayName(tt.o.DisplayName) {
				t.Errorf("displayName decodes to %q", q.Get("displayName"))
			}
		})
	}
}

func TestConsoleColor(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"not a colour", ""},
		{"#12345", ""},
		// The palette maps to itself, with or without "#", any case.
		{"#f2b0a9", "f2b0a9"}, {"83d4e8", "83d4e8"}, {"#B7CA9D", "b7ca9d"}, {"#efda95", "efda95"}, {"#fbc8aa", "fbc8aa"},
		// Palette names from the config are understood.
		{"red", "f2b0a9"}, {"blue", "83d4e8"}, {"green", "b7ca9d"}, {"yellow", "efda95"}, {"orange", "fbc8aa"},
		// Strong colours go to the console colour of the same hue.
		{"#ff0000", "f2b0a9"}, {"#f00", "f2b0a9"}, {"#0000ff", "83d4e8"}, {"#00aaff", "83d4e8"}, {"#008000", "b7ca9d"},
		{"#ffd700", "efda95"}, {"#ff8c00", "fbc8aa"}, {"#ffb380", "fbc8aa"}, {"pink", "f2b0a9"},
		// The config palette's own extra colours land somewhere sensible.
		{"teal", "83d4e8"},
	}
	for _, tt := range tests {
		if got := ConsoleColor(tt.in); got != tt.want {
			t.Errorf("ConsoleColor(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Every colour of switchrole's palette maps to some console colour.
	for _, c := range config.Palette {
		if ConsoleColor(c.Hex) == "" {
			t.Errorf("palette colour %s (%s) maps to nothing", c.Name, c.Hex)
		}
	}
}

func TestDisplayName(t *testing.T) {
	long := strings.Repeat("a", 70)
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"short", "prod/Admin", "prod/Admin"},
		{"whitespace collapsed", "  prod \t Admin\n", "prod Admin"},
		{"control characters", "a\x00b\x1bc", "a b c"},
		{"exactly the limit", strings.Repeat("x", 64), strings.Repeat("x", 64)},
		{"one over", strings.Repeat("x", 65), strings.Repeat("x", 63) + "…"},
		{"long", long, strings.Repeat("a", 63) + "…"},
		{"no trailing space before ellipsis", strings.Repeat("ab ", 21) + "cd", strings.TrimRight(strings.Repeat("ab ", 21), " ") + "…"},
		{"multibyte counted as characters", strings.Repeat("é", 64), strings.Repeat("é", 64)},
		{"astral counted as two units", strings.Repeat("😀", 33), strings.Repeat("😀", 31) + "…"},
		{"astral exactly 64 units", strings.Repeat("😀", 32), strings.Repeat("😀", 32)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DisplayName(tt.in)
			if got != tt.want {
				t.Errorf("DisplayName(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if n := len(utf16.Encode([]rune(got))); n > MaxDisplayName {
				t.Errorf("result is %d UTF-16 units, over %d", n, MaxDisplayName)
			}
		})
	}
}

func TestCanSwitchInConsole(t *testing.T) {
	if err := CanSwitchInConsole(""); err != nil {
		t.Errorf("no external id: %v", err)
	}
	if err := CanSwitchInConsole("  "); err != nil {
		t.Errorf("blank external id: %v", err)
	}
	err := CanSwitchInConsole("ext-123")
	if !errors.Is(err, ErrExternalID) {
		t.Fatalf("external id: got %v", err)
	}
	if strings.Contains(err.Error(), "ext-123") || !strings.Contains(err.Error(), "external id") {
		t.Errorf("message %q should explain without quoting the id", err)
	}
}

func TestCheckSwitchRoleName(t *testing.T) {
	tests := []struct {
		role string
		ok   bool
	}{
		{"Admin", true},
		{"team/Admin", true},
		{strings.Repeat("p", 58) + "/Admin", true}, // 64 with path
		{strings.Repeat("p", 59) + "/Admin", false},
		{"", false},
		{"/", false},
	}
	for _, tt := range tests {
		err := CheckSwitchRoleName(tt.role)
		if (err == nil) != tt.ok {
			t.Errorf("CheckSwitchRoleName(%q) = %v, want ok=%v", tt.role, err, tt.ok)
		}
	}
}
