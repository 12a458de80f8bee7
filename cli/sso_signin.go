package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/sso"
)

// retrieveSigningIn is the engine's Retrieve for t; when t's credentials
// come from an SSO session that is not signed in (or whose sign-in ran
// out), and a person is at the terminal, it offers the sign-in there and,
// once signed in, retrieves again. credential-process never offers it
// (noSignIn): the AWS CLI or SDK waiting on it has no one to answer.
func (c *credentials) retrieveSigningIn(ctx context.Context, t *config.Target) (*aws.Session, error) {
	s, err := c.engine.Retrieve(ctx, t)
	if err == nil || !errors.Is(err, aws.ErrSignIn) || c.noSignIn || !c.streams.interactive() {
		return s, err
	}
	session, ok := c.ssoSessionOf(t)
	if !ok {
		return nil, err
	}
	tty, terr := os.OpenFile(ttyPath, os.O_RDWR, 0)
	if terr != nil {
		return nil, err
	}
	fmt.Fprintf(tty, "switchrole: %s.\nSign in to SSO session %q now? [Y/n] ", strings.TrimSuffix(err.Error(), "."), session.Name)
	answer, rerr := answerOn(ctx, tty)
	if rerr != nil {
		return nil, rerr
	}
	if a := strings.ToLower(answer); a != "" && a != "y" && a != "yes" {
		return nil, err
	}
	signer, serr := newSigner(ctx, session, c.streams)
	if serr != nil {
		return nil, serr
	}
	if _, lerr := signer.Login(ctx, session, false); lerr != nil {
		return nil, unreachableSSO(session, lerr)
	}
	return c.engine.Retrieve(ctx, t)
}

// ssoSessionOf is the SSO session at the root of t's source chain.
func (c *credentials) ssoSessionOf(t *config.Target) (sso.Session, bool) {
	for range config.MaxChain + 2 {
		if t.IsSSO() {
			for _, s := range c.idx.SSO().Sessions {
				if s.Name == t.SSOSession {
					return sso.SessionOf(s), true
				}
			}
			return sso.OfTarget(t), true
		}
		if t.Source == "" {
			return sso.Session{}, false
		}
		next, ok := c.idx.Lookup(t.Source)
		if !ok {
			return sso.Session{}, false
		}
		t = next
	}
	return sso.Session{}, false
}
