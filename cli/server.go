package cli

import (
	"context"
	"fmt"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"

	"github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/credserver"
	"github.com/switchrole/switchrole/launch"
)

// runServed runs the child that argvOf builds from its environment (a
// shell, a command) with a credential server for sess's target, and passes
// its exit status on. switchrole stays alive as the child's parent, because
// the server lives in this process: it starts before the child and stops
// when the child exits. A shell's environment is marked as a shell
// (launch.ShellEnviron), so that another one refuses to nest inside it.
func (c *credentials) runServed(ctx context.Context, sess *aws.Session, shell bool, argvOf func(env []string) ([]string, error), onStart func(launch.Session)) error {
	srv, s, err := c.startServer(sess)
	if err != nil {
		return err
	}
	defer srv.Close()
	environ := launch.Environ
	if shell {
		environ = launch.ShellEnviron
	}
	env := environ(c.streams.Env, s)
	argv, err := argvOf(env)
	if err != nil {
		return err
	}
	if onStart != nil {
		onStart(s)
	}
	// The child decides what a Ctrl-C means (terraform stops gracefully on
	// the first, aborts on a second): switchrole, in the same process
	// group, gets it too and must not turn it into a SIGTERM of its own.
	// launch.Run forwards the signals the child would not get itself.
	return replaceOrRun(context.WithoutCancel(ctx), argv, env, true)
}

// startServer starts the server for sess's target and returns the launch
// session that points a child at it: no keys, the server's address and
// token, and as expiry the end of the day's MFA session when there is one
// (until then the server renews the role without asking for a code).
func (c *credentials) startServer(sess *aws.Session) (*credserver.Server, launch.Session, error) {
	renewer := *c.engine
	// The child owns the terminal from now on: the server never prompts.
	// mfa_process still supplies codes (the engine runs it before MFA).
	renewer.MFA = loginNeeded
	renewer.OnWait, renewer.Warn = nil, nil // nor writes on it
	src := &engineSource{engine: &renewer, target: sess.Target}
	srv, err := credserver.Start(src, serverCredentials(sess.Credentials), credserver.Options{})
	if err != nil {
		return nil, launch.Session{}, err
	}
	s := launch.NewSession(sess.Target, launch.Credentials{AccountID: sess.Credentials.AccountID}, sess.Region)
	if until, ok := c.engine.MFASessionUntil(sess.Target); ok {
		s.Credentials.CanExpire, s.Credentials.Expires = true, until
	}
	s.Server = &launch.CredentialServer{URI: srv.URL(), Token: srv.Token()}
	return srv, s, nil
}

// loginNeeded is the renewing engine's MFA function: a code is needed (the
// day's MFA session has ended) and there is no terminal to ask on, so the
// answer to the child says where to give one.
func loginNeeded(_ context.Context, req aws.MFARequest) (string, error) {
	return "", &LoginNeededError{Source: req.Source}
}

// LoginNeededError says that a credential server needs a new MFA session,
// which `switchrole login` in any terminal provides; the server picks it up
// from the shared cache.
type LoginNeededError struct{ Source string }

func (e *LoginNeededError) Error() string {
	return fmt.Sprintf("the MFA session of %s has ended: run `switchrole login %s` in any terminal, and these credentials renew themselves", e.Source, e.Source)
}

// engineSource is the credential server's Source: the engine, with the
// shared session cache, for one target.
type engineSource struct {
	engine *aws.Engine
	target *config.Target
}

func (s *engineSource) Retrieve(ctx context.Context) (credserver.Credentials, error) {
	sess, err := s.engine.Retrieve(ctx, s.target)
	if err != nil {
		return credserver.Credentials{}, err
	}
	return serverCredentials(sess.Credentials), nil
}

func (s *engineSource) Renew(ctx context.Context) (credserver.Credentials, error) {
	sess, err := s.engine.Renew(ctx, s.target)
	if err != nil {
		return credserver.Credentials{}, err
	}
	return serverCredentials(sess.Credentials), nil
}

func serverCredentials(c sdkaws.Credentials) credserver.Credentials {
	return credserver.Credentials{
		AccessKeyID:     c.AccessKeyID,
		SecretAccessKey: c.SecretAccessKey,
		SessionToken:    c.SessionToken,
		Expires:         c.Expires,
		AccountID:       c.AccountID,
	}
}
