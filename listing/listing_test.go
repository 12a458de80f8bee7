package listing

import "testing"

func TestUseColor(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	tests := []struct {
		terminal bool
		env      map[string]string
		want     bool
	}{
		{true, nil, true},
		{true, map[string]string{"TERM": "xterm-256color"}, true},
		{false, nil, false},
		{true, map[string]string{"NO_COLOR": "1"}, false},
		{true, map[string]string{"TERM": "dumb"}, false},
	}
	for _, tt := range tests {
		if got := UseColor(tt.terminal, env(tt.env)); got != tt.want {
			t.Errorf("UseColor(%v, %v) = %v, want %v", tt.terminal, tt.env, got, tt.want)
		}
	}
}
