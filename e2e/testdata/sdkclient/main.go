// Command sdkclient is a long-running AWS tool in miniature (think terraform
// apply): it calls STS GetCallerIdentity through aws-sdk-go-v2's default
// credential chain every 200 ms for the duration given as its argument,
// and prints what it saw on one line:
//
//	calls=120 failures=0 keys=9 source=CredentialsEndpointProvider
//
// The e2e tests run it inside `switchrole exec --server`.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: sdkclient DURATION")
		os.Exit(2)
	}
	d, err := time.ParseDuration(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load config:", err)
		os.Exit(1)
	}
	client := sts.NewFromConfig(cfg)
	keys := map[string]bool{}
	calls, failures, source := 0, 0, ""
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		calls++
		creds, err := cfg.Credentials.Retrieve(ctx)
		if err == nil {
			keys[creds.AccessKeyID] = true
			source = creds.Source
			_, err = client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		}
		if err != nil {
			failures++
			fmt.Fprintln(os.Stderr, "call", calls, err)
		}
	}
	fmt.Printf("calls=%d failures=%d keys=%d source=%s\n", calls, failures, len(keys), source)
	if failures > 0 {
		os.Exit(1)
	}
}
