package sso

import (
	"context"
	"errors"
	"sync"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"
	"github.com/aws/smithy-go"

	engine "github.com/switchrole/switchrole/aws"
	"github.com/switchrole/switchrole/config"
)

// Provider gets SSO targets' credentials: the session's cached sign-in
// (refreshed with its refresh token when about to expire, never a new
// sign-in) and GetRoleCredentials. It is the engine's aws.SSOProvider; the
// engine caches what it returns like any source's session.
type Provider struct {
	Cache Cache
	// NewClients builds the clients of a region; nil means NewClients.
	NewClients func(ctx context.Context, region string) (Clients, error)
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	mu      sync.Mutex
	clients map[string]Clients
}

// RoleCredentials implements aws.SSOProvider. A missing, expired or
// revoked sign-in is an aws.ErrSignIn error naming the session.
func (p *Provider) RoleCredentials(ctx context.Context, t *config.Target) (sdkaws.Credentials, error) {
	s := OfTarget(t)
	clients, err := p.clientsFor(ctx, s.Region)
	if err != nil {
		return sdkaws.Credentials{}, err
	}
	g := &Signer{Clients: clients, Cache: p.Cache, Now: p.Now}
	tok, err := g.Token(ctx, s)
	if err != nil {
		return sdkaws.Credentials{}, err
	}
	get := func(tok Token) (*sso.GetRoleCredentialsOutput, error) {
		return clients.Portal.GetRoleCredentials(ctx, &sso.GetRoleCredentialsInput{
			AccessToken: &tok.AccessToken, AccountId: &t.AccountID, RoleName: &t.Role,
		})
	}
	out, err := get(tok)
	var unauthorized *ssotypes.UnauthorizedException
	if errors.As(err, &unauthorized) {
		// Ended early (a sign-out elsewhere, an administrator): a refresh
		// token may still be good.
		if fresh, ok, rerr := g.refresh(ctx, s, tok); rerr != nil {
			return sdkaws.Credentials{}, rerr
		} else if ok {
			out, err = get(fresh)
		}
	}
	var api smithy.APIError
	switch {
	case errors.As(err, &unauthorized):
		return sdkaws.Credentials{}, engine.SignInNeeded(s.Name, time.Time{}, "Identity Center no longer accepts the sign-in (it was ended or revoked)")
	case errors.As(err, &api) && (api.ErrorCode() == "ForbiddenException" || api.ErrorCode() == "ResourceNotFoundException"):
		// The portal's answer for a role the user is not assigned.
		return sdkaws.Credentials{}, engine.SSOFailed(t.Name, "role "+t.Role+" of account "+t.AccountID+" is not assigned to you (any more); `switchrole sso sync "+s.Name+"` lists what is", err)
	case err != nil:
		return sdkaws.Credentials{}, err
	}
	rc := out.RoleCredentials
	if rc == nil || rc.AccessKeyId == nil || rc.SecretAccessKey == nil || rc.SessionToken == nil {
		return sdkaws.Credentials{}, engine.SSOFailed(t.Name, "the answer held no credentials", nil)
	}
	return sdkaws.Credentials{
		AccessKeyID: *rc.AccessKeyId, SecretAccessKey: *rc.SecretAccessKey, SessionToken: *rc.SessionToken,
		Source: "SSOProvider", CanExpire: true, Expires: time.UnixMilli(rc.Expiration).UTC(), AccountID: t.AccountID,
	}, nil
}

// clientsFor builds a region's clients once.
func (p *Provider) clientsFor(ctx context.Context, region string) (Clients, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c, ok := p.clients[region]; ok {
		return c, nil
	}
	build := p.NewClients
	if build == nil {
		build = func(ctx context.Context, region string) (Clients, error) { return NewClients(ctx, region) }
	}
	c, err := build(ctx, region)
	if err != nil {
		return Clients{}, err
	}
	if p.clients == nil {
		p.clients = map[string]Clients{}
	}
	p.clients[region] = c
	return c, nil
}
