package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/internal/english"
)

func newWhoamiCmd(streams *IOStreams) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "whoami",
		Short: "Show who the current environment's AWS credentials belong to",
		Long: `Call STS GetCallerIdentity with the credentials the AWS SDKs would use here
(environment variables, AWS_PROFILE, ...) and show the identity, plus the
switchrole target and expiry when inside a switchrole shell.`,
		Args: cobra.NoArgs,
		RunE: run(func(cmd *cobra.Command, _ []string) error {
			engine := &aws.Engine{}
			engineHooks(engine, streams)
			id, err := engine.WhoAmI(cmd.Context())
			if err != nil {
				return err
			}
			target := streams.Getenv("SWITCHROLE_TARGET")
			expires := streams.Getenv("AWS_CREDENTIAL_EXPIRATION")
			if asJSON {
				return streams.printJSON(struct {
					Account    string `json:"account"`
					Arn        string `json:"arn"`
					UserID     string `json:"user_id"`
					Region     string `json:"region"`
					Target     string `json:"target"`
					Expiration string `json:"expiration"`
				}{id.Account, id.Arn, id.UserID, id.Region, target, expires})
			}
			w := streams.Out
			fmt.Fprintf(w, "arn:     %s\naccount: %s\nuser id: %s\nregion:  %s\n", id.Arn, id.Account, id.UserID, id.Region)
			if target != "" {
				fmt.Fprintf(w, "target:  %s\n", target)
			}
			if t, err := time.Parse(time.RFC3339, expires); err == nil {
				fmt.Fprintf(w, "expires: %s (in %s)\n", t.Local().Format("15:04"), english.Remaining(time.Until(t)))
			}
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
