// Command genconfig writes a large, realistic switchrole configuration for
// benchmarks and trials: N accounts × M roles as TOML, or N role profiles as
// an ~/.aws/config file.
//
//	go run ./tools/genconfig -accounts 2000 -roles 50 > /tmp/big.toml   # 100,000 targets
//	go run ./tools/genconfig -aws -profiles 2000 > /tmp/aws-config
//	go run ./tools/genconfig -names -accounts 2000 -roles 50 > /tmp/names.txt  # the target names, one a line (for fzf)
//	go run ./tools/genconfig -aws -names -profiles 10000 > /tmp/aws-names.txt  # the same for -aws
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/switchrole/switchrole/config/configtest"
)

func main() {
	accounts := flag.Int("accounts", 2000, "number of accounts (TOML)")
	roles := flag.Int("roles", 50, "roles per account (TOML)")
	awsFormat := flag.Bool("aws", false, "write an ~/.aws/config file instead of TOML")
	profiles := flag.Int("profiles", 2000, "number of role profiles (with -aws)")
	names := flag.Bool("names", false, "write the targets' names, one a line (TOML, or with -aws the profiles)")
	flag.Parse()
	if *accounts < 1 || *roles < 1 || *profiles < 1 {
		fmt.Fprintln(os.Stderr, "genconfig: -accounts, -roles and -profiles must be at least 1")
		os.Exit(2)
	}
	var out []byte
	switch {
	case *awsFormat && *names:
		out = configtest.AWSProfileNames(*profiles)
	case *awsFormat:
		out = configtest.GenerateAWSConfig(*profiles)
	case *names:
		for i := range *accounts {
			for j := range *roles {
				out = fmt.Appendf(out, "%s/%s\n", configtest.AccountName(i), configtest.RoleName(j))
			}
		}
	default:
		out = configtest.GenerateTOML(*accounts, *roles)
	}
	if _, err := os.Stdout.Write(out); err != nil {
		fmt.Fprintln(os.Stderr, "genconfig:", err)
		os.Exit(1)
	}
}
