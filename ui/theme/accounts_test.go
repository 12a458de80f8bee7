package theme

import (
	"image/color"
	"math"
	"testing"

	"github.com/lucasb-eyer/go-colorful"

	"github.com/switchrole/switchrole/config"
)

// Backgrounds the marks are drawn on: typical terminal backgrounds and the
// selected row's background, for each theme.
var (
	darkBackgrounds  = []string{"#000000", "#1E1E1E", "#282C34", "#2D3340"}
	lightBackgrounds = []string{"#FFFFFF", "#FDF6E3", "#DDE4EE"}
)

// TestPaletteStandsOutOnBothBackgrounds: every named colour is readable on
// dark and light backgrounds (WCAG contrast of at least 3:1, the bar for
// graphics), and red (prod's danger colour) is far from every other
// colour (CIEDE2000 distance), pink above all, with which it used to be a
// near-identical pastel. Every other pair is told apart too.
func TestPaletteStandsOutOnBothBackgrounds(t *testing.T) {
	for _, dark := range []bool{true, false} {
		th := New(dark, false)
		bgs := lightBackgrounds
		if dark {
			bgs = darkBackgrounds
		}
		shade := map[string]colorful.Color{}
		for _, c := range config.Palette {
			shade[c.Name] = toColorful(t, th.Badge(c.Hex).GetForeground())
			for _, bg := range bgs {
				b, _ := colorful.Hex(bg)
				if r := contrast(shade[c.Name], b); r < 3 {
					t.Errorf("dark=%v: %s (%s) on %s has contrast %.2f, want at least 3", dark, c.Name, shade[c.Name].Hex(), bg, r)
				}
			}
		}
		for i, a := range config.Palette {
			for _, b := range config.Palette[i+1:] {
				d := shade[a.Name].DistanceCIEDE2000(shade[b.Name]) * 100
				want := 12.0
				if a.Name == "red" || b.Name == "red" {
					want = 20
				}
				if d < want {
					t.Errorf("dark=%v: %s and %s are %.1f apart (CIEDE2000), want at least %.0f", dark, a.Name, b.Name, d, want)
				}
			}
		}
		h1, _, _ := shade["red"].Hcl()
		h2, _, _ := shade["pink"].Hcl()
		if dh := math.Abs(math.Mod(h1-h2+540, 360) - 180); dh < 25 {
			t.Errorf("dark=%v: red and pink hues are %.0f° apart, want at least 25°", dark, dh)
		}
	}
}

func toColorful(t *testing.T, c color.Color) colorful.Color {
	t.Helper()
	cc, ok := colorful.MakeColor(c)
	if !ok {
		t.Fatalf("colour %v has no RGB value", c)
	}
	return cc
}

// contrast is the WCAG 2 contrast ratio of a and b.
func contrast(a, b colorful.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c colorful.Color) float64 {
	lin := func(v float64) float64 {
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}
