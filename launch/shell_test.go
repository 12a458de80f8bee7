//go:build unix

package launch

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestShell(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "myshell")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     []string
		want    []string
		wantErr string
	}{
		{"SHELL set", []string{"SHELL=" + fake}, []string{fake}, ""},
		{"SHELL unset", []string{"HOME=/x"}, []string{"/bin/sh"}, ""},
		{"SHELL empty", []string{"SHELL="}, []string{"/bin/sh"}, ""},
		{"last SHELL wins", []string{"SHELL=/nope", "SHELL=" + fake}, []string{fake}, ""},
		{"bare name left to PATH lookup", []string{"SHELL=bash"}, []string{"bash"}, ""},
		{"missing", []string{"SHELL=" + filepath.Join(dir, "gone")}, nil,
			`$SHELL is "` + filepath.Join(dir, "gone") + `", which does not exist; set SHELL to your shell's path`},
		{"directory", []string{"SHELL=" + dir}, nil, `$SHELL is "` + dir + `", which is a directory; set SHELL to your shell's path`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Shell(tt.env)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("Shell = %q, %v; want error %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("Shell = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
