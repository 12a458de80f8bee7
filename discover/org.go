package discover

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/switchrole/switchrole/internal/pace"
)

// Organizations is the part of the Organizations client discovery uses; it
// copies the SDK's signatures, so *organizations.Client satisfies it.
type Organizations interface {
	ListAccounts(ctx context.Context, in *organizations.ListAccountsInput, optFns ...func(*organizations.Options)) (*organizations.ListAccountsOutput, error)
	ListAccountsForParent(ctx context.Context, in *organizations.ListAccountsForParentInput, optFns ...func(*organizations.Options)) (*organizations.ListAccountsForParentOutput, error)
	ListRoots(ctx context.Context, in *organizations.ListRootsInput, optFns ...func(*organizations.Options)) (*organizations.ListRootsOutput, error)
	ListOrganizationalUnitsForParent(ctx context.Context, in *organizations.ListOrganizationalUnitsForParentInput, optFns ...func(*organizations.Options)) (*organizations.ListOrganizationalUnitsForParentOutput, error)
	ListTagsForResource(ctx context.Context, in *organizations.ListTagsForResourceInput, optFns ...func(*organizations.Options)) (*organizations.ListTagsForResourceOutput, error)
}

// Account is an ACTIVE account of the organization.
type Account struct {
	ID, Name, Email string
	// OUPath is the names of the OUs from the root down, joined by "/"
	// ("Workloads/Prod"); "" for an account at the root, or when the OUs
	// could not be read (see Organization.Missing).
	OUPath string
	// Tags are the account's tags in AWS's order.
	Tags []Tag
}

// Tag is an AWS tag.
type Tag struct{ Key, Value string }

// Organization is what a listing found.
type Organization struct {
	// ID is the organization id (o-…), from the accounts' ARNs.
	ID string
	// Accounts are the ACTIVE accounts, in ListAccounts' order.
	Accounts []Account
	// Inactive are the accounts left out for their state (suspended,
	// closing, closed, not yet activated).
	Inactive []Inactive
	// Missing names the permissions the identity lacks for the parts that
	// were left out (OU paths, tags); empty when nothing was.
	Missing []Missing
}

// Inactive is an account left out for its state.
type Inactive struct {
	ID, Name string
	// State is AWS's State (or the older Status), e.g. SUSPENDED.
	State string
}

// Missing is a part of the listing left out for a missing permission.
type Missing struct {
	// Action is the permission, e.g. "organizations:ListTagsForResource".
	Action string
	// Part is what the accounts lack because of it: "tags" or "OU paths".
	Part string
}

// DeniedError is a call the identity may not make without which nothing
// can be listed (organizations:ListAccounts).
type DeniedError struct {
	Action string
	Err    error
}

func (e *DeniedError) Error() string {
	return "access denied to " + e.Action + ": " + e.Err.Error()
}

func (e *DeniedError) Unwrap() error { return e.Err }

// ErrNotInOrganization is the answer for an identity whose account is in
// no organization.
var ErrNotInOrganization = errors.New("the account is not a member of an AWS Organization")

// Lister lists an organization's accounts politely: at most Rate requests
// per second from Workers at a time, throttled requests retried.
type Lister struct {
	Client Organizations
	// Rate is the request rate to stay under; 0 means DefaultRate.
	Rate int
	// Workers is how many requests may be in flight; 0 means 4.
	Workers int
	// Progress, when set, is called after each account's tags are read,
	// with the number done and the total.
	Progress func(done, total int)
}

// DefaultRate is the request rate Lister stays under by default. AWS does
// not publish Organizations' limit; users see throttling from about ten
// requests per second, and throttled calls are retried anyway.
const DefaultRate = 8

// List reads the organization. Any failure other than a missing permission
// for OUs or tags ends it with an error: nothing partial is returned.
func (l *Lister) List(ctx context.Context) (*Organization, error) {
	rate := l.Rate
	if rate <= 0 {
		rate = DefaultRate
	}
	workers := l.Workers
	if workers <= 0 {
		workers = 4
	}
	p := pace.New(rate)
	p.Backoff, p.MaxBackoff = 500*time.Millisecond, 8*time.Second
	defer p.Stop()
	r := &run{l: l, pace: p}

	all, err := r.accounts(ctx)
	if err != nil {
		if denied(err) {
			return nil, &DeniedError{Action: "organizations:ListAccounts", Err: err}
		}
		var notInUse *orgtypes.AWSOrganizationsNotInUseException
		if errors.As(err, &notInUse) {
			return nil, fmt.Errorf("%w: %w", ErrNotInOrganization, err)
		}
		return nil, fmt.Errorf("list the organization's accounts: %w", err)
	}
	org := &Organization{}
	var active []orgtypes.Account
	for _, a := range all {
		if org.ID == "" {
			org.ID = orgIDOf(sdkaws.ToString(a.Arn))
		}
		state := string(a.State)
		if state == "" {
			state = string(a.Status) // AWS before the State field
		}
		if state != string(orgtypes.AccountStateActive) {
			org.Inactive = append(org.Inactive, Inactive{ID: sdkaws.ToString(a.Id), Name: sdkaws.ToString(a.Name), State: state})
			continue
		}
		active = append(active, a)
	}
	if org.ID == "" && len(all) > 0 {
		// Generated accounts are marked with it; without it a later run
		// could not tell them from the user's own.
		return nil, fmt.Errorf("list the organization's accounts: AWS sent no organization id in the account ARNs (%q)", sdkaws.ToString(all[0].Arn))
	}

	ouOf, missing, err := r.ouPaths(ctx, active)
	if err != nil {
		return nil, err
	}
	if missing != nil {
		org.Missing = append(org.Missing, *missing)
	}
	tags, missing, err := r.tags(ctx, active, workers)
	if err != nil {
		return nil, err
	}
	if missing != nil {
		org.Missing = append(org.Missing, *missing)
	}
	for i, a := range active {
		id := sdkaws.ToString(a.Id)
		org.Accounts = append(org.Accounts, Account{ID: id, Name: sdkaws.ToString(a.Name), Email: sdkaws.ToString(a.Email), OUPath: ouOf[id], Tags: tags[i]})
	}
	return org, nil
}

// run is one listing's shared state.
type run struct {
	l    *Lister
	pace *pace.Pacer
}

// pages is the pacer's Pages for Organizations' throttling.
func (r *run) pages(ctx context.Context, page func(next *string) (*string, error)) error {
	return r.pace.Pages(ctx, throttled, page)
}

func (r *run) accounts(ctx context.Context) ([]orgtypes.Account, error) {
	var all []orgtypes.Account
	err := r.pages(ctx, func(next *string) (*string, error) {
		out, err := r.l.Client.ListAccounts(ctx, &organizations.ListAccountsInput{NextToken: next})
		if err != nil {
			return nil, err
		}
		all = append(all, out.Accounts...)
		return out.NextToken, nil
	})
	return all, err
}

// ouPaths maps account ids to OU paths. The OU tree is read top-down from
// the roots; an account's OU comes from its entity path, or where AWS sent
// none, from listing each OU's accounts. A denied call leaves every path
// out and says which permission was missing.
func (r *run) ouPaths(ctx context.Context, accounts []orgtypes.Account) (map[string]string, *Missing, error) {
	names := map[string]string{} // OU id → path of names
	var parents []string         // roots and OUs, parents first
	err := r.pages(ctx, func(next *string) (*string, error) {
		out, err := r.l.Client.ListRoots(ctx, &organizations.ListRootsInput{NextToken: next})
		if err != nil {
			return nil, err
		}
		for _, root := range out.Roots {
			parents = append(parents, sdkaws.ToString(root.Id))
			names[sdkaws.ToString(root.Id)] = ""
		}
		return out.NextToken, nil
	})
	if err != nil {
		return r.ouFailure("organizations:ListRoots", "list the organization's roots", err)
	}
	for i := 0; i < len(parents); i++ {
		parent := parents[i]
		err := r.pages(ctx, func(next *string) (*string, error) {
			out, err := r.l.Client.ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: &parent, NextToken: next})
			if err != nil {
				return nil, err
			}
			for _, ou := range out.OrganizationalUnits {
				id := sdkaws.ToString(ou.Id)
				names[id] = joinPath(names[parent], sdkaws.ToString(ou.Name))
				parents = append(parents, id)
			}
			return out.NextToken, nil
		})
		if err != nil {
			return r.ouFailure("organizations:ListOrganizationalUnitsForParent", "list the OUs under "+parent, err)
		}
	}

	ouOf := make(map[string]string, len(accounts))
	withPaths := true
	for _, a := range accounts {
		parent, ok := parentInPath(a.Paths)
		if !ok {
			withPaths = false
			break
		}
		ouOf[sdkaws.ToString(a.Id)] = names[parent]
	}
	if withPaths {
		return ouOf, nil, nil
	}
	clear(ouOf)
	for _, parent := range parents {
		if names[parent] == "" {
			continue // a root: its accounts have no OU path
		}
		err := r.pages(ctx, func(next *string) (*string, error) {
			out, err := r.l.Client.ListAccountsForParent(ctx, &organizations.ListAccountsForParentInput{ParentId: &parent, NextToken: next})
			if err != nil {
				return nil, err
			}
			for _, a := range out.Accounts {
				ouOf[sdkaws.ToString(a.Id)] = names[parent]
			}
			return out.NextToken, nil
		})
		if err != nil {
			return r.ouFailure("organizations:ListAccountsForParent", "list the accounts in "+names[parent], err)
		}
	}
	return ouOf, nil, nil
}

// ouFailure is a denied OU call (a note, no paths) or any other failure.
func (r *run) ouFailure(action, doing string, err error) (map[string]string, *Missing, error) {
	if denied(err) {
		return map[string]string{}, &Missing{Action: action, Part: "OU paths"}, nil
	}
	return nil, nil, fmt.Errorf("%s: %w", doing, err)
}

// parentInPath is the id of the OU or root holding an account, from its
// entity path "o-…/r-…/ou-…/123456789012/".
func parentInPath(paths []string) (string, bool) {
	if len(paths) == 0 {
		return "", false
	}
	parts := strings.Split(strings.TrimSuffix(paths[0], "/"), "/")
	if len(parts) < 3 {
		return "", false
	}
	return parts[len(parts)-2], true
}

// tags reads every account's tags with workers at a time. The first
// denied call stops the reading and leaves all tags out.
func (r *run) tags(ctx context.Context, accounts []orgtypes.Account, workers int) ([][]Tag, *Missing, error) {
	out := make([][]Tag, len(accounts))
	var progress func(int)
	if r.l.Progress != nil {
		progress = func(done int) { r.l.Progress(done, len(accounts)) }
	}
	err := pace.Each(ctx, len(accounts), workers, func(ctx context.Context, i int) (err error) {
		out[i], err = r.accountTags(ctx, sdkaws.ToString(accounts[i].Id))
		return err
	}, progress)
	if denied(err) {
		return make([][]Tag, len(accounts)), &Missing{Action: "organizations:ListTagsForResource", Part: "tags"}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return out, nil, nil
}

func (r *run) accountTags(ctx context.Context, id string) ([]Tag, error) {
	var tags []Tag
	err := r.pages(ctx, func(next *string) (*string, error) {
		out, err := r.l.Client.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: &id, NextToken: next})
		if err != nil {
			return nil, err
		}
		for _, t := range out.Tags {
			tags = append(tags, Tag{Key: sdkaws.ToString(t.Key), Value: sdkaws.ToString(t.Value)})
		}
		return out.NextToken, nil
	})
	if err != nil && !denied(err) {
		return nil, fmt.Errorf("list the tags of account %s: %w", id, err)
	}
	return tags, err
}

// throttled reports whether err is Organizations' TooManyRequestsException.
func throttled(err error) bool {
	var t *orgtypes.TooManyRequestsException
	return errors.As(err, &t)
}

// denied reports whether err is Organizations' AccessDeniedException.
func denied(err error) bool {
	var d *orgtypes.AccessDeniedException
	return errors.As(err, &d)
}

// orgIDOf takes the organization id from an account ARN,
// arn:aws:organizations::MGMT:account/o-…/ID.
func orgIDOf(arn string) string {
	_, res, ok := strings.Cut(arn, ":account/")
	if !ok {
		return ""
	}
	id, _, _ := strings.Cut(res, "/")
	return id
}

func joinPath(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "/" + name
}
