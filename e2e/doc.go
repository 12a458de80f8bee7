// Package e2e holds end-to-end tests: they build the switchrole binary once
// and run it as users do, against the project's fake AWS on 127.0.0.1, with a
// temporary HOME and every AWS file and endpoint pointed into it. The real
// AWS CLI v2 and tmux are used where the machine has them (CI installs them).
package e2e
