package sso

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sso"
	ssotypes "github.com/aws/aws-sdk-go-v2/service/sso/types"
)

// Assignment is one role the signed-in user may take: an account of the
// portal and a permission-set role name in it.
type Assignment struct {
	AccountID   string `json:"account_id"`
	AccountName string `json:"account_name"`
	Email       string `json:"email,omitempty"`
	Role        string `json:"role"`
}

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
	pace := newPacer(rate)
	defer pace.stop()

	var accounts []ssotypes.AccountInfo
	var next *string
	for {
		var out *sso.ListAccountsOutput
		err := retryThrottled(ctx, pace, func() error {
			var err error
			out, err = l.Portal.ListAccounts(ctx, &sso.ListAccountsInput{AccessToken: &accessToken, MaxResults: ptr(int32(pageSize)), NextToken: next})
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("list SSO accounts: %w", err)
		}
		accounts = append(accounts, out.AccountList...)
		if out.NextToken == nil || *out.NextToken == "" {
			break
		}
		next = out.NextToken
	}

	roles := make([][]Assignment, len(accounts))
	jobs := make(chan int)
	var (
		mu       sync.Mutex
		firstErr error
		done     int
		wg       sync.WaitGroup
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				rs, err := l.accountRoles(ctx, pace, accessToken, accounts[i])
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				roles[i] = rs
				done++
				if l.Progress != nil && err == nil {
					l.Progress(done, len(accounts))
				}
				mu.Unlock()
			}
		})
	}
	for i := range accounts {
		select {
		case jobs <- i:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var all []Assignment
	for _, rs := range roles {
		all = append(all, rs...)
	}
	return all, nil
}

func (l *Lister) accountRoles(ctx context.Context, pace *pacer, token string, a ssotypes.AccountInfo) ([]Assignment, error) {
	var out []Assignment
	var next *string
	for {
		var page *sso.ListAccountRolesOutput
		err := retryThrottled(ctx, pace, func() error {
			var err error
			page, err = l.Portal.ListAccountRoles(ctx, &sso.ListAccountRolesInput{AccessToken: &token, AccountId: a.AccountId, MaxResults: ptr(int32(pageSize)), NextToken: next})
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("list the SSO roles of account %s: %w", deref(a.AccountId), err)
		}
		for _, r := range page.RoleList {
			out = append(out, Assignment{AccountID: deref(a.AccountId), AccountName: deref(a.AccountName), Email: deref(a.EmailAddress), Role: deref(r.RoleName)})
		}
		if page.NextToken == nil || *page.NextToken == "" {
			return out, nil
		}
		next = page.NextToken
	}
}

// retryThrottled runs call at the pacer's rate, retrying
// TooManyRequestsException with a growing pause (at most 8 tries).
func retryThrottled(ctx context.Context, pace *pacer, call func() error) error {
	backoff := 250 * time.Millisecond
	for attempt := 1; ; attempt++ {
		if err := pace.wait(ctx); err != nil {
			return err
		}
		err := call()
		var tooMany *ssotypes.TooManyRequestsException
		if !errors.As(err, &tooMany) || attempt == 8 {
			return err
		}
		t := time.NewTimer(backoff)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
		backoff = min(2*backoff, 4*time.Second)
	}
}

// pacer hands out one request slot every 1/rate seconds.
type pacer struct {
	tick *time.Ticker
}

func newPacer(rate int) *pacer {
	return &pacer{tick: time.NewTicker(time.Second / time.Duration(rate))}
}

func (p *pacer) wait(ctx context.Context) error {
	select {
	case <-p.tick.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *pacer) stop() { p.tick.Stop() }

func ptr[T any](v T) *T { return &v }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
