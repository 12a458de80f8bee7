package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/switchrole/switchrole/demo"
	"github.com/switchrole/switchrole/sso"
)

type demoOptions struct {
	serve bool
	addr  string
}

func newDemoCmd(g *globalOptions, streams *IOStreams) *cobra.Command {
	opts := &demoOptions{}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Try switchrole offline against a built-in fake AWS",
		Long: `Start a fake AWS on 127.0.0.1 with a sample organisation (15 accounts, a dozen
roles, an MFA device), point switchrole at it through a temporary directory,
and open the picker. Nothing touches your real ~/.aws or the network. The header
shows the MFA code to type.

With --serve, print the demo's environment as export lines instead, close
stdout, and keep the fake running (showing each new MFA code on stderr) until
Ctrl-C or kill $SWITCHROLE_DEMO_PID, so you can try every command in a shell
that evaluates the lines.`,
		Example: `  switchrole demo
  eval "$(switchrole demo --serve &)"   # this shell now talks to the demo (codes on stderr)
  switchrole list; kill $SWITCHROLE_DEMO_PID   # stop it
  switchrole demo --serve               # or copy the lines it prints into another shell`,
		Args: cobra.NoArgs,
		RunE: run(func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Context(), g, streams, opts)
		}),
	}
	cmd.Flags().BoolVar(&opts.serve, "serve", false, "print the demo environment and serve the fake AWS until interrupted")
	cmd.Flags().StringVar(&opts.addr, "addr", "", "listen address of the fake AWS (default a free 127.0.0.1 port)")
	return cmd
}

func runDemo(ctx context.Context, g *globalOptions, streams *IOStreams, opts *demoOptions) error {
	env, err := demo.Start(demo.Options{Addr: opts.addr})
	if err != nil {
		return err
	}
	defer env.Close()
	if err := env.Apply(); err != nil {
		return err
	}
	program, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the running switchrole to put on the demo's PATH: %w", err)
	}
	if err := env.LinkProgram(program); err != nil {
		return err
	}
	streams.Env = os.Environ()
	g.configFile = env.ConfigFile
	g.keepAlive = true
	g.shellHint = demoShellHint
	if err := demoSignIn(ctx, g, streams); err != nil {
		return err
	}

	if opts.serve {
		return serveDemo(ctx, streams, env)
	}
	return runPicker(ctx, g, streams, pickerRequest{
		creds:  &credentialFlags{},
		banner: func() string { return demoBanner(env, time.Now()) },
	})
}

// demoSignIn signs in to the demo's IAM Identity Center session, as `sso
// login` would (the fake approves its own sign-in page, so the "browser" is
// a plain request), and lists it as `sso sync` would: the demo's SSO roles
// are in the picker from the start.
func demoSignIn(ctx context.Context, g *globalOptions, streams *IOStreams) error {
	c, err := g.loadConfig()
	if err != nil {
		return err
	}
	s, err := sso.Find(sso.SessionsOf(c.SSO.Sessions), demo.SSOSession, "the demo's AWS config")
	if err != nil {
		return err
	}
	quiet := *streams
	quiet.ErrOut, quiet.ErrIsTerminal = io.Discard, false
	signer, err := newSigner(ctx, s, &quiet)
	if err != nil {
		return err
	}
	signer.Open = func(url string) error {
		resp, err := http.Get(url) // follows the page's redirect to the sign-in's 127.0.0.1 listener
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}
	if _, err := signer.Login(ctx, s, false); err != nil {
		return fmt.Errorf("sign in to the demo's Identity Center: %w", err)
	}
	if _, err := listAndCache(ctx, &quiet, s, signer); err != nil {
		return fmt.Errorf("list the demo's Identity Center: %w", err)
	}
	return nil
}

// demoShellHint is printed when the demo's shell starts. It is broken into
// lines under 80 columns by hand: one long line was wrapped by the terminal
// wherever its width fell, mid-word.
const demoShellHint = "demo: try `switchrole whoami`, or\n" +
	"      `aws sts get-caller-identity --endpoint-url $AWS_ENDPOINT_URL_STS`\n" +
	"      (AWS CLI releases before 2.13 ignore AWS_ENDPOINT_URL_STS);\n" +
	"      `exit` ends the demo"

// demoBanner is the picker's header line in the demo.
func demoBanner(env *demo.Env, now time.Time) string {
	left := 30 - now.Unix()%30
	return fmt.Sprintf("DEMO (offline fake AWS) — MFA code: %s (%ds left)", env.Code(now), left)
}

// serveDemo prints the demo's variables and keeps the fake AWS up, showing
// the current MFA code on stderr whenever it changes.
func serveDemo(ctx context.Context, streams *IOStreams, env *demo.Env) error {
	for _, kv := range env.Vars {
		k, v, _ := strings.Cut(kv, "=")
		fmt.Fprintf(streams.Out, "export %s=%s\n", k, shellQuote(v))
	}
	fmt.Fprintf(streams.Out, "export PATH=%s:\"$PATH\"\n", shellQuote(env.BinDir))
	fmt.Fprintf(streams.Out, "export SWITCHROLE_DEMO_PID=%d\n", os.Getpid())
	// Closing stdout ends `$(switchrole demo --serve &)`: the shell reads
	// the lines to their end, which a running server would never reach.
	if c, ok := streams.Out.(io.Closer); ok {
		if err := c.Close(); err != nil {
			return fmt.Errorf("close stdout after the demo's variables: %w", err)
		}
	}
	fmt.Fprintf(streams.ErrOut, "demo: fake AWS at %s; try `switchrole list` in a shell with the variables above; Ctrl-C or kill %d stops it\n", env.Server.URL(), os.Getpid())
	last := ""
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		if code := env.Code(time.Now()); code != last {
			fmt.Fprintf(streams.ErrOut, "demo: MFA code for %s is %s\n", demo.MFASerial, code)
			last = code
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// shellQuote quotes s for POSIX shells.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
