package aws

import (
	"testing"

	"github.com/switchrole/switchrole/config"
)

func TestOwnProcess(t *testing.T) {
	src := &config.Target{Name: "jump", Profile: "demo-jump"}
	for cmd, want := range map[string]bool{
		"/home/a/go/bin/switchrole credential-process jump":             true,
		"/usr/local/bin/switchrole-engine credential-process demo-jump": true,
		`"/opt/my tools/switchrole" credential-process 'jump'`:          true,
		`"/opt/my tools/switchrole credential-process jump`:             false,
		"/usr/bin/switchrole credential-process prod/Admin":             false,
		"/usr/bin/aws-vault exec jump --json":                           false,
		"switchrole credential-process":                                 false,
		"":                                                              false,
	} {
		if got := ownProcess(cmd, src); got != want {
			t.Errorf("ownProcess(%q) = %v, want %v", cmd, got, want)
		}
	}
}
