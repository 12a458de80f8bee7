// Package front is switchrole's fast front: the `switchrole` binary that
// users install (cmd/switchrole) answers the calls made most often —
// credential-process, env and exec with a warm cache, and list — without
// linking the AWS SDK or the terminal UI. Their package initialisation alone
// takes longer than a warm answer (about 1.4 ms for the SDK's config package
// on the CI machine), and Go runs it on every start whether it is used or
// not.
//
// The front answers only when it can answer exactly as the full program
// would: a command and flags it knows, a target named exactly, a fresh cache
// entry. A warm credential-process, env or exec does not even load the
// configuration: it answers from the shortcut the engine recorded after its
// last full load (see shortcut.go), which holds while no configuration file
// changed, so its cost does not grow with the configuration. The one-binary
// switchrole (package cli) answers warm calls through the same code (Warm).
// Anything else — a cache miss, an MFA prompt, a fuzzy query, the picker,
// any error — it hands to the engine, switchrole-engine, by replacing itself
// with it (execve, with the same arguments after the program name and the
// same environment), so every message, prompt and exit code comes from one
// place.
package front
