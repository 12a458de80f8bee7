// Package theme builds every style of the picker in one place, for dark or
// light terminal backgrounds and for NO_COLOR. Components never create their
// own colours: they read the Theme they were given, so a background change
// (tea.BackgroundColorMsg) restyles the whole screen at once.
//
// Colours are written as 24-bit values; Bubble Tea downsamples them to the
// terminal's profile (256 or 16 colours, or none), so the theme needs no
// per-profile variants.
package theme

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"

	"github.com/switchrole/switchrole/config"
)

// Theme is the full set of styles. Build it with New; treat it as read-only
// once built, since components share one *Theme.
type Theme struct {
	// IsDark and NoColor are what the theme was built for.
	IsDark  bool
	NoColor bool

	// Header line: the title, the "12 of 2,000 targets" count and who the
	// user is.
	Title    lipgloss.Style
	Count    lipgloss.Style
	Identity lipgloss.Style
	// Banner is the demo/notice line above the list.
	Banner lipgloss.Style

	// Rows of the list. Selected* are used on the cursor's row so that it
	// stands out in colour and, under NO_COLOR, in reverse video.
	Row            lipgloss.Style
	Selected       lipgloss.Style
	Cursor         lipgloss.Style
	SelectedCursor lipgloss.Style
	Match          lipgloss.Style
	SelectedMatch  lipgloss.Style
	Muted          lipgloss.Style
	SelectedMuted  lipgloss.Style
	Favourite      lipgloss.Style
	MFA            lipgloss.Style
	TimeLeft       lipgloss.Style
	// TimeShort marks a session about to expire (under ten minutes).
	TimeShort lipgloss.Style
	Empty     lipgloss.Style

	// Status line: work in progress, outcomes and errors.
	Spinner lipgloss.Style
	Info    lipgloss.Style
	Error   lipgloss.Style

	// Dialogs (action menu, MFA prompt, command prompt).
	DialogTitle  lipgloss.Style
	DialogBody   lipgloss.Style
	DialogHint   lipgloss.Style
	MenuItem     lipgloss.Style
	MenuSelected lipgloss.Style
	MenuKey      lipgloss.Style
	Digit        lipgloss.Style
	DigitEmpty   lipgloss.Style

	// Text inputs (filter, command): prompt, typed text, placeholder and the
	// cursor cell.
	InputPrompt      lipgloss.Style
	InputText        lipgloss.Style
	InputPlaceholder lipgloss.Style
	InputCursor      lipgloss.Style

	// Help configures the bubbles help component.
	Help help.Styles

	badgeNeutral color.Color
}

// palette is the handful of colours everything else derives from.
type palette struct {
	fg, muted, accent, match, selectedBg, fav, ok, warn, err, neutral color.Color
	bannerFg, bannerBg                                                color.Color
}

func newPalette(isDark bool) palette {
	ld := lipgloss.LightDark(isDark)
	c := lipgloss.Color
	return palette{
		fg:         ld(c("#1F2328"), c("#E6E6E6")),
		muted:      ld(c("#6E7781"), c("#8B949E")),
		accent:     ld(c("#0B5CD5"), c("#79B8FF")),
		match:      ld(c("#C2410C"), c("#FFB454")),
		selectedBg: ld(c("#DDE4EE"), c("#2D3340")),
		fav:        ld(c("#B7791F"), c("#F2C94C")),
		ok:         ld(c("#1A7F37"), c("#7BD88F")),
		warn:       ld(c("#B45309"), c("#F2A14C")),
		err:        ld(c("#CF222E"), c("#FF7B72")),
		neutral:    ld(c("#A0A7B0"), c("#5C6370")),
		bannerFg:   c("#1F2328"),
		bannerBg:   ld(c("#F2C94C"), c("#F2C94C")),
	}
}

// New builds the theme for a dark or light background. With noColor it uses
// no colour at all, only bold, faint and reverse video.
func New(isDark, noColor bool) *Theme {
	if noColor {
		return newMonochrome(isDark)
	}
	p := newPalette(isDark)
	s := lipgloss.NewStyle
	sel := s().Background(p.selectedBg)
	t := &Theme{
		IsDark:           isDark,
		Title:            s().Bold(true).Foreground(p.accent),
		Count:            s().Foreground(p.muted),
		Identity:         s().Foreground(p.muted),
		Banner:           s().Bold(true).Foreground(p.bannerFg).Background(p.bannerBg).Padding(0, 1),
		Row:              s().Foreground(p.fg),
		Selected:         sel.Foreground(p.fg).Bold(true),
		Cursor:           s().Foreground(p.accent),
		SelectedCursor:   sel.Foreground(p.accent).Bold(true),
		Match:            s().Foreground(p.match).Bold(true),
		SelectedMatch:    sel.Foreground(p.match).Bold(true).Underline(true),
		Muted:            s().Foreground(p.muted),
		SelectedMuted:    sel.Foreground(p.muted),
		Favourite:        s().Foreground(p.fav),
		MFA:              s().Foreground(p.muted),
		TimeLeft:         s().Foreground(p.ok),
		TimeShort:        s().Foreground(p.warn),
		Empty:            s().Foreground(p.muted).Italic(true),
		Spinner:          s().Foreground(p.accent),
		Info:             s().Foreground(p.ok),
		Error:            s().Foreground(p.err).Bold(true),
		DialogTitle:      s().Bold(true).Foreground(p.accent),
		DialogBody:       s().Foreground(p.fg),
		DialogHint:       s().Foreground(p.muted),
		MenuItem:         s().Foreground(p.fg),
		MenuSelected:     sel.Foreground(p.accent).Bold(true),
		MenuKey:          s().Foreground(p.muted),
		Digit:            s().Bold(true).Foreground(p.accent),
		DigitEmpty:       s().Foreground(p.muted),
		InputPrompt:      s().Foreground(p.accent).Bold(true),
		InputText:        s().Foreground(p.fg),
		InputPlaceholder: s().Foreground(p.muted),
		InputCursor:      s().Reverse(true),
		Help:             help.DefaultStyles(isDark),
		badgeNeutral:     p.neutral,
	}
	return t
}

func newMonochrome(isDark bool) *Theme {
	s := lipgloss.NewStyle
	plain := s()
	rev := s().Reverse(true)
	t := &Theme{
		IsDark:           isDark,
		NoColor:          true,
		Title:            s().Bold(true),
		Count:            plain,
		Identity:         plain,
		Banner:           s().Bold(true).Reverse(true).Padding(0, 1),
		Row:              plain,
		Selected:         rev,
		Cursor:           s().Bold(true),
		SelectedCursor:   rev.Bold(true),
		Match:            s().Bold(true).Underline(true),
		SelectedMatch:    rev.Bold(true).Underline(true),
		Muted:            plain,
		SelectedMuted:    rev,
		Favourite:        s().Bold(true),
		MFA:              plain,
		TimeLeft:         plain,
		TimeShort:        s().Bold(true),
		Empty:            plain,
		Spinner:          plain,
		Info:             plain,
		Error:            s().Bold(true),
		DialogTitle:      s().Bold(true),
		DialogBody:       plain,
		DialogHint:       plain,
		MenuItem:         plain,
		MenuSelected:     rev,
		MenuKey:          plain,
		Digit:            s().Bold(true),
		DigitEmpty:       plain,
		InputPrompt:      s().Bold(true),
		InputText:        plain,
		InputPlaceholder: s().Faint(true),
		InputCursor:      rev,
		Help: help.Styles{
			Ellipsis: plain, ShortKey: s().Bold(true), ShortDesc: plain, ShortSeparator: plain,
			FullKey: s().Bold(true), FullDesc: plain, FullSeparator: plain,
		},
	}
	return t
}

// Badge is the style of an account's colour mark: the account's own colour
// ("#rrggbb"; a palette name's shade for the background, see
// config.TerminalShade), or a neutral grey when it has none or the value is
// not a colour. Under NO_COLOR the mark is not coloured at all (see
// BadgeGlyph).
func (t *Theme) Badge(hex string) lipgloss.Style {
	if t.NoColor {
		return lipgloss.NewStyle()
	}
	if !isHexColour(hex) {
		return lipgloss.NewStyle().Foreground(t.badgeNeutral)
	}
	return lipgloss.NewStyle().Foreground(lipgloss.Color(config.TerminalShade(hex, t.IsDark)))
}

// isHexColour reports whether s is a "#rrggbb" colour. It is hand-written
// rather than a package-level regexp so that no switchrole run pays for
// compiling a pattern at start-up.
func isHexColour(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// BadgeGlyph is the character drawn as the colour mark. Under NO_COLOR a
// block would carry no information, so it is a blank.
func (t *Theme) BadgeGlyph() string {
	if t.NoColor {
		return " "
	}
	return "█"
}
