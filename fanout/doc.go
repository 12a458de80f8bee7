// Package fanout runs one command across many targets at once: the engine
// behind `switchrole exec --each`.
//
// Each target's environment comes from a function the caller supplies (the
// CLI fetches credentials there, so this package knows nothing of AWS);
// environments are fetched concurrently and ahead of the commands, which run
// with bounded concurrency. Output is kept whole line by line: every line a
// child writes reaches the terminal in one piece, prefixed with its
// target's name, however the children's writes interleave (Lines); or each
// target's output is printed whole when it finishes (Group); or one JSON
// object per target (JSON). A target that cannot get its environment is a
// failure in the report, never the end of the run, and an interrupt stops
// starting new commands, lets the running ones end (they received the
// signal too), and still returns what finished.
package fanout
