package config

import "testing"

// TestConsoleDefaults reads the two console settings of [defaults] through
// both TOML readers.
func TestConsoleDefaults(t *testing.T) {
	doc := "[defaults]\nbrowser = \" firefox -P work \"\nisolate_consoles = true\n"
	c := mustLoad(t, files{toml: doc})
	if c.Defaults.Browser != "firefox -P work" || !c.Defaults.IsolateConsoles {
		t.Errorf("defaults = %+v", c.Defaults)
	}
	fast, _, ok := readTOMLFast([]byte(doc))
	if !ok {
		t.Fatal("the fast reader refused the console settings")
	}
	var probs problems
	slow, _ := decodeTOML("f", []byte(doc), &probs)
	if fast.Defaults.Browser != slow.Defaults.Browser || fast.Defaults.IsolateConsoles != slow.Defaults.IsolateConsoles {
		t.Errorf("fast %+v, decoder %+v", fast.Defaults, slow.Defaults)
	}
	if msg := loadErr(t, files{toml: "[defaults]\nisolate_consoles = \"yes\"\n"}); msg == "" {
		t.Error("isolate_consoles = \"yes\" was accepted")
	}
}
