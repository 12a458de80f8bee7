package config

// Suggest returns the candidate closest to word when it is a plausible typo
// of it, else "". The CLI uses it for mistyped commands and flags, so every
// "did you mean" in switchrole follows the one rule that config keys do.
func Suggest(word string, candidates []string) string { return suggest(word, candidates) }
