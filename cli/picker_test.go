package cli

import "testing"

// The picker shows which program mfa_process runs, never its arguments.
func TestProgramName(t *testing.T) {
	for _, tt := range []struct{ command, want string }{
		{"ykman oath accounts code -s aws:alice", "ykman"},
		{"/usr/local/bin/op item get aws --otp", "op"},
		{"  oathtool --totp -b JBSWY3DPEHPK3PXP  ", "oathtool"},
		{"", "mfa_process"},
	} {
		if got := programName(tt.command); got != tt.want {
			t.Errorf("programName(%q) = %q, want %q", tt.command, got, tt.want)
		}
	}
}
