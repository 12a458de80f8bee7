// Package cli holds switchrole's commands: one file per command, each parsing
// flags into an options struct and calling into config, aws, launch and ui.
// No AWS or file logic lives here; errors are mapped to exit codes in one
// place (exit.go) so every command fails the same way.
package cli
