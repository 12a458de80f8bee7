package listing

import (
	"fmt"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
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
