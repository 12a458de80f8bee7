package safename

import "testing"

func TestElement(t *testing.T) {
	for in, want := range map[string]string{
		"prod-core/Admin": "prod-core_Admin", "210000000001": "210000000001", "../../etc": ".._.._etc",
		"..": "_..", "": "_", "ação": "a__o", "a b": "a_b",
	} {
		if got := Element(in); got != want {
			t.Errorf("Element(%q) = %q, want %q", in, got, want)
		}
	}
}
