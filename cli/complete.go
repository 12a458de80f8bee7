package cli

import (
	"bytes"
	"strings"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/listing"
)

// maxFuzzyCompletions caps the fuzzy fallback: the best matches, not all.
const maxFuzzyCompletions = 50

// completeTarget completes a command's TARGET for every shell (cobra's
// scripts for bash, zsh, fish and PowerShell call `switchrole __complete`):
// the target names starting with what was typed, else the best fuzzy
// matches, ranked by the picker's matcher. Later words are not targets:
// exec's command gets the shell's own completion.
func completeTarget(g *globalOptions) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			if cmd.Name() == "exec" {
				return nil, cobra.ShellCompDirectiveDefault
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		idx, err := g.loadIndex()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
		}
		return targetCompletions(idx, toComplete), cobra.ShellCompDirectiveNoFileComp
	}
}

// targetCompletions are the names of idx's targets that start with prefix,
// in config order; when none does, the best fuzzy matches for it. Only the
// targets that match are built: a search text starts with its target's name.
func targetCompletions(idx *config.Index, prefix string) []string {
	var names []string
	p := []byte(prefix)
	for i, text := range idx.SearchTextRange(0, idx.Len()) {
		if !bytes.HasPrefix(text, p) {
			continue
		}
		if name := idx.Target(i).Name; strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	if len(names) > 0 || strings.TrimSpace(prefix) == "" {
		return names
	}
	order := listing.Order(idx, prefix)
	for _, i := range order[:min(len(order), maxFuzzyCompletions)] {
		names = append(names, idx.Target(i).Name)
	}
	return names
}

// completeWords completes a flag whose values are a fixed list.
func completeWords(words ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return words, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeSSOSession completes the SSO session names of the AWS config
// (sso-session sections and legacy profiles) and of switchrole's TOML file
// ([sso.NAME]), for `sso login|logout|sync`.
func completeSSOSession(g *globalOptions) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		c, err := g.loadConfig()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
		}
		var names []string
		for _, s := range c.SSO.Sessions {
			if strings.HasPrefix(s.Name, toComplete) {
				names = append(names, s.Name)
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	}
}
