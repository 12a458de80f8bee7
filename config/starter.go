package config

import _ "embed"

//go:embed starter.toml
var starterTOML []byte

// StarterFile returns the commented TOML file `switchrole config init`
// writes. It shows every setting; it names the AWS profile "jump" as its
// source, so it loads cleanly once that profile exists (or after the user
// renames it), which `config init` should say.
func StarterFile() []byte {
	return append([]byte(nil), starterTOML...)
}
