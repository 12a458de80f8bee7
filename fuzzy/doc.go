// Package fuzzy ranks switchrole's targets against what the user types, for
// `switchrole list --filter` and the picker.
//
// Candidates are lines such as
//
//	prod-core/Admin prod-core 222222222222 prod core production
//
// (target name, account name, account id, tags). New prepares what every
// query reads (lower-cased bytes in one arena, a 64-bit mask of the
// characters present, the tie-break lengths); the boundary bonus of each
// byte is computed the first time a candidate is scored, which most
// candidates never are. Find answers a query; Positions gives the matched
// bytes of the rows actually drawn.
//
// # Ranking
//
// Scores are fzf's FuzzyMatchV2 (a Smith-Waterman-like alignment where word
// starts, camelCase humps and consecutive runs earn bonuses and gaps cost),
// ported to prepared bytes and checked against fzf's own algo package on
// thousands of random strings. Three changes fit our candidates: the start
// of the target name is worth one extra matched character (bonusNameStart),
// and bonuses after the name are three points lower (metadataPenalty), so
// that "prdadm" finds prod-core/Admin before sandbox-prdadm-test/Viewer and
// "audit" prefers a target named audit over one merely tagged audit.
//
// The third is word coherence (wordBonus). People abbreviate word by word:
// "prdadm" is "prd" for prod and "adm" for Admin. fzf gives a letter inside
// a word no bonus, so on prod-data/Admin it prefers the "d" that starts
// "data" (a word-start bonus) to the "d" of "prod", and prod-core/Admin,
// which has no such "d", fell 8 points behind — the demo organisation
// listed prod-data/Admin first. Here, once two letters of a word are
// matched, a later letter of the same word (after a gap) earns the word's
// start bonus, at most bonusBoundary: staying in the word is worth as much
// as jumping to an isolated word start, so the prod-*/Admin tie and the
// tie-breaks decide. One letter is not enough, since it may be an acronym's
// initial ("sr" still finds SecurityRole before Superuser, "pca"
// prod-core/Admin). Without the rule the kernel scores exactly as fzf (tested).
// Ties go to the shorter target name, then input order (the order of the
// user's config; unlike fzf, not the shorter line, which would let the number
// of tags decide). fzf's per-character gap cost remains: over configtest's generated
// targets, prod-ml/Admin leads prod-core/Admin by 2 points because "ml" is
// shorter to skip than "core".
//
// The query syntax is fzf's extended search: space-separated terms are
// ANDed, 'exact, ^prefix, suffix$, ^equal$ (anchored on the target name),
// !negation, "a | b", and smart case.
//
// On the 38-query table in ranking_test.go this package gets every top
// result; fzf 0.38 agrees on 31 (26 identical, 5 tied on our score and
// broken by a different rule) and differs on 7 by design (tags, the name
// start, $ on the name, word coherence). On the 32 fuzzy-only queries fzf's
// algo package gets 22 right, sahilm/fuzzy 18. testdata/demo.txt (the demo
// organisation as the picker sees it) and configtest's 100k targets have
// their own ranking tests.
//
// # Why our own implementation
//
// Measured on 100,000 generated targets (2,000 accounts x 50 roles) with
// go test -bench . -benchmem -run '^$' ./fuzzy/ on a 2-core AMD EPYC shared
// with other jobs (load average about 4 during the run), wall time per query:
//
//	query        own       fzf algo   sahilm/fuzzy
//	p            4.8 ms    19.5 ms     76.3 ms
//	prdadm       4.2 ms    18.5 ms     63.3 ms
//	prod admin   6.6 ms    33.4 ms    159.5 ms
//	222222       3.8 ms     6.5 ms     61.3 ms
//	zzzzzz       0.5 ms     2.0 ms     60.2 ms
//
// CPU time per query on one core, which load disturbs less
// (FUZZY_CPUTIME=all go test -run CPUTime -v ./fuzzy/), is 5.4, 5.4, 8.3,
// 3.0 and 0.5 ms; split over two idle cores that is 0.3 to about 4.5 ms a
// query, inside the 5 ms aim and well inside a 16 ms frame. (Measured
// before wordBonus, which adds about 10-15% CPU to multi-letter queries
// such as prdadm and "prod admin", and nothing measurable to the others.)
//
// New must be cheap too: the picker pays it before its first frame (and
// list --filter did, before Filter). BenchmarkNew on the
// same 100,000 targets (6.4 MB), same loaded machine, before and after
// deferring the bonuses:
//
//	              wall, 2 cores   wall, 1 core   memory    allocs
//	eager         47-62 ms        53 ms          23.5 MB   6
//	deferred      4.5-7.0 ms      5.7-9.6 ms      8.9 MB   6 (+5 with 2 goroutines)
//
// (FUZZY_CPUTIME=1 go test -run CPUTimeNew -v ./fuzzy/: 7-8 ms CPU for
// New, about 3 ms more in the first Find for the bonuses it computes.)
// It is one pass of table lookups with eight bytes lower-cased at a time,
// split over both cores from 16k candidates, into four arrays; the
// original bytes are copied only for the first case-sensitive term, and
// per-byte bonuses go to a shared arena the first time a term matches the
// candidate (concurrent scans that meet the same candidate compute a
// private copy instead of waiting). Find's speed is unchanged.
//
// Filter answers a single query (list --filter, a TARGET on the command
// line) with the same kernel and the same result, but prepares each
// candidate into scratch memory just before testing it, so that it writes
// no arenas: BenchmarkOneQuery, 100,000 targets, "prdadm": New+Find
// 12.8 ms and 17 MB, Filter 8.1 ms and 0.9 MB; in a fresh process it also
// saves ~2,800 page faults.
//
// The speed of Find comes from the character-mask prefilter (a query for
// letters a candidate lacks never reads it), existence checks of every
// term before any scoring, and a sparse form of the V2 matrix that visits only the
// positions where a pattern character occurs (sparse.go); Positions alone
// builds the full matrix and backtraces it. sahilm/fuzzy is far slower and
// ranks worse (no smart case, no word-start bonus comparable to fzf's); fzf's
// algo package ranks like fzf but works on runes, needs a global
// algo.Init, and lacks the field awareness this data wants.
//
// Typing extends the previous query: Find remembers the matches of the last
// few queries and, when the new query can only match a subset (more letters,
// another term, an anchor; never after deleting, "|" or a changed "!"), scans
// only that subset. Results are identical to a full scan (tested on random
// keystroke sequences).
package fuzzy
