package sso

import (
	"context"
	"errors"
	"fmt"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"

	"github.com/switchrole/switchrole/internal/pace"
)

// Lister lists a sign-in's accounts and roles under Identity Center's
// request rate (about 20 per second for the portal API).
type Lister struct {
	Portal Portal
	// Rate is the requests per second to stay under; 0 means 20.
	Rate int
	// Workers is how many requests may be in flight; 0 means 8.
	Workers int
	// Progress, when set, is called after each account's roles are listed,
	// with the number done and the total.
	Progress func(done, total int)
}

// pageSize is the largest page the portal gives (aws-sso-cli clamps to
// it too); fewer pages, fewer requests against the rate limit.
const pageSize = 100

// List returns every account and role the token may use, in the portal's
// account order. Throttled requests are retried after a pause; any other
// failure ends the listing with an error (nothing partial is returned).
func (l *Lister) List(ctx context.Context, accessToken string) ([]Assignment, error) {
	rate := l.Rate
	if rate <= 0 {
		rate = 20
	}
	workers := l.Workers
	if workers <= 0 {
		workers = 8
	}
	p := pace.New(rate)
	defer p.Stop()

	var accounts []ssotypes.AccountInfo
	err := p.Pages(ctx, tooManyRequests, func(next *string) (*string, error) {
		out, err := l.Portal.ListAccounts(ctx, &sso.ListAccountsInput{AccessToken: &accessToken, MaxResults: sdkaws.Int32(pageSize), NextToken: next})
		if err != nil {
			return nil, err
		}
		accounts = append(accounts, out.AccountList...)
		return out.NextToken, nil
	})
	if err != nil {
		return nil, fmt.Errorf("list SSO accounts: %w", err)
	}

	roles := make([][]Assignment, len(accounts))
	var progress func(int)
	if l.Progress != nil {
		progress = func(done int) { l.Progress(done, len(accounts)) }
	}
	err = pace.Each(ctx, len(accounts), workers, func(ctx context.Context, i int) (err error) {
		roles[i], err = l.accountRoles(ctx, p, accessToken, accounts[i])
		return err
	}, progress)
	if err != nil {
		return nil, err
	}
	var all []Assignment
	for _, rs := range roles {
		all = append(all, rs...)
	}
	return all, nil
}

func (l *Lister) accountRoles(ctx context.Context, p *pace.Pacer, token string, a ssotypes.AccountInfo) ([]Assignment, error) {
	var out []Assignment
	id := sdkaws.ToString(a.AccountId)
	err := p.Pages(ctx, tooManyRequests, func(next *string) (*string, error) {
		page, err := l.Portal.ListAccountRoles(ctx, &sso.ListAccountRolesInput{AccessToken: &token, AccountId: a.AccountId, MaxResults: sdkaws.Int32(pageSize), NextToken: next})
		if err != nil {
			return nil, err
		}
		for _, r := range page.RoleList {
			out = append(out, Assignment{AccountID: id, AccountName: sdkaws.ToString(a.AccountName), Email: sdkaws.ToString(a.EmailAddress), Role: sdkaws.ToString(r.RoleName)})
		}
		return page.NextToken, nil
	})
	if err != nil {
		return nil, fmt.Errorf("list the SSO roles of account %s: %w", id, err)
	}
	return out, nil
}

// tooManyRequests reports whether err is the portal's throttling.
func tooManyRequests(err error) bool {
	var tooMany *ssotypes.TooManyRequestsException
	return errors.As(err, &tooMany)
}
