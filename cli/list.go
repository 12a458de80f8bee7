package cli

import (
	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/listing"
)

type listOptions struct {
	json   bool
	filter string
}

func newListCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	opts := &listOptions{}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List every account and role you can switch to",
		Example: `  switchrole list
  switchrole list --filter prdadm
  switchrole list --json | jq -r '.[].name'`,
		Args: cobra.NoArgs,
		RunE: run(func(*cobra.Command, []string) error {
			idx, err := g.loadIndex()
			if err != nil {
				return err
			}
			if idx.Len() == 0 {
				sayNothingConfigured(streams, g)
				if !opts.json {
					return nil
				}
			}
			return listing.Write(streams.Out, idx, opts.filter, opts.json, listing.UseColor(streams.OutIsTerminal, streams.Getenv))
		}),
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print a JSON array, one object per target")
	cmd.Flags().StringVarP(&opts.filter, "filter", "f", "", "fuzzy filter, best match first (the picker's matcher)")
	return cmd
}
