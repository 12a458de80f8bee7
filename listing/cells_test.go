package listing

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/switchrole/switchrole/config"
)

// The table used to draw with lipgloss and measure with x/ansi; what
// replaced them must give the same bytes and the same widths.
func TestColorBadgeIsLipglossBytes(t *testing.T) {
	for _, hex := range []string{"#ff0000", "#1a2b3c", "#000000", "#ffffff", "#0f0f0f", "#7c3aed"} {
		want := lipgloss.NewStyle().Foreground(lipgloss.Color(hex)).Render("█") + " "
		if got := colorBadge(hex); got != want {
			t.Errorf("colorBadge(%s) = %q, want %q", hex, got, want)
		}
	}
	if got := colorBadge(""); got != "  " {
		t.Errorf(`colorBadge("") = %q, want two spaces`, got)
	}
	for _, bad := range []string{"red", "#12345", "#gggggg", "#1234567"} {
		if got := colorBadge(bad); got != "█ " {
			t.Errorf("colorBadge(%q) = %q, want an uncoloured block", bad, got)
		}
	}
}

func TestCellWidthIsAnsiStringWidth(t *testing.T) {
	texts := []string{
		"", "prod-core/Admin", "本番/管理者", "prod 🚀", "👩‍💻 dev", "café", "cafe\u0301",
		"한국어", "Ελληνικά", "ｆｕｌｌ", "±§", "🇩🇪 berlin", "a\u200bb", "नमस्ते",
	}
	for r := rune(0xa0); r < 0x3000; r += 37 {
		texts = append(texts, fmt.Sprintf("x%cy", r))
	}
	for _, s := range texts {
		if got, want := cellWidth(s), ansi.StringWidth(s); got != want {
			t.Errorf("cellWidth(%q) = %d, ansi.StringWidth = %d", s, got, want)
		}
	}
}

// TestBadgesUseTheTerminalShades: `list` draws a palette colour in the
// same saturated shade as the picker (config.TerminalShade), not the
// console's pastel, where red and pink were near-identical (issue 15.18);
// COLORFGBG picks the light-background shade.
func TestBadgesUseTheTerminalShades(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "none"))
	file := filepath.Join(dir, "switchrole.toml")
	toml := "[sources.jump]\nprofile = \"jump\"\n"
	if err := os.WriteFile(filepath.Join(dir, "none"), []byte("[profile jump]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = SECRETMARKERx\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	toml += "[[accounts]]\nname = \"prod\"\nid = \"222222222222\"\ncolor = \"red\"\nroles = [\"Admin\"]\n"
	if err := os.WriteFile(file, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	idx, err := config.LoadIndex(config.Options{File: file})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		colorfgbg, want string
	}{
		{"", colorBadge("#FF4040")},
		{"15;0", colorBadge("#FF4040")},
		{"0;15", colorBadge("#C00018")},
	} {
		t.Setenv("COLORFGBG", tc.colorfgbg)
		var b strings.Builder
		if err := Write(&b, idx, "", false, true); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("COLORFGBG=%q: %q lacks the badge %q", tc.colorfgbg, b.String(), tc.want)
		}
	}
}
