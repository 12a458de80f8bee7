package aws

import (
	"strings"
)

// shellSyntax are the characters that make an mfa_process line a shell
// command (pipes, redirects, variables, globs, lists, subshells, comments,
// home directories): such a line runs with `sh -c`. Anything else is split
// into plain words and run directly, so its arguments (which may hold a
// TOTP seed) never show in `ps` as one `sh -c` string.
const shellSyntax = "|&;<>()$`*?[]{}~#\n"

// mfaCommandWords splits an mfa_process line into words when it needs no
// shell, by these rules (the README's MFA section states them):
//   - words are separated by spaces and tabs;
//   - '…' keeps everything inside as it is;
//   - "…" keeps everything inside, except that \" and \\ stand for " and \;
//   - outside quotes, a backslash keeps the next character as it is.
//
// It returns ok false when the line has shell syntax (any of shellSyntax,
// quoted or not, or a first word that sets a variable, NAME=value), an
// unterminated quote, or no words: such a line runs with `sh -c`, which
// reports its own mistakes.
func mfaCommandWords(line string) (words []string, ok bool) {
	if strings.ContainsAny(line, shellSyntax) {
		return nil, false
	}
	var (
		word    strings.Builder
		inWord  bool
		quote   byte
		escaped bool
	)
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case escaped:
			word.WriteByte(c)
			escaped = false
		case quote == '\'':
			if c == '\'' {
				quote = 0
			} else {
				word.WriteByte(c)
			}
		case quote == '"':
			switch {
			case c == '"':
				quote = 0
			case c == '\\' && i+1 < len(line) && (line[i+1] == '"' || line[i+1] == '\\'):
				i++
				word.WriteByte(line[i])
			default:
				word.WriteByte(c)
			}
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		case c == '\\':
			escaped, inWord = true, true
		case c == '\'' || c == '"':
			quote, inWord = c, true
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	if quote != 0 || escaped {
		return nil, false
	}
	if inWord {
		words = append(words, word.String())
	}
	if len(words) == 0 || strings.Contains(words[0], "=") {
		return nil, false
	}
	return words, true
}
