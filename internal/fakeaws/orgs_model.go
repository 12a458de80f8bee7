package fakeaws

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Organization is an AWS Organization as the Organizations API shows it to
// its management account and delegated administrators: one root, nested
// organizational units, member accounts with a lifecycle state and tags.
// Tests and the demo seed it with WithOrganization or SetOrganization.
type Organization struct {
	// ID is the organization id, o- and 10 lower-case letters or digits
	// (derived from ManagementAccountID when empty).
	ID string
	// ManagementAccountID is the account that owns the organization; its
	// principals may call every read operation.
	ManagementAccountID string
	// DelegatedAdmins are member accounts registered as delegated
	// administrators: their principals may read the organization too.
	DelegatedAdmins []string
	// OUs are the organizational units by path under the root, parents
	// before children: "Workloads", "Workloads/Prod". A path's parent must
	// be listed too.
	OUs []string
	// Accounts are the member accounts (the management account among them
	// when listed), in the order ListAccounts returns them.
	Accounts []OrgAccount
	// RequestsPerSecond throttles the Organizations API like AWS does
	// (requests above it get TooManyRequestsException); 0 means no
	// throttle. AWS does not publish the figure: a few per second per
	// account is what users report.
	RequestsPerSecond int
	// StateOnly leaves the retired Status field out of Account objects, as
	// AWS does since September 2026; by default both State and Status are
	// sent, as before.
	StateOnly bool
	// NoPaths leaves out the Paths of accounts and Path of OUs (entity
	// paths of ids, o-…/r-…/ou-…/), which AWS added in March 2026.
	NoPaths bool
}

// OrgAccount is a member account of an Organization.
type OrgAccount struct {
	ID, Name, Email string
	// State is the account's lifecycle state: ACTIVE (the default),
	// PENDING_ACTIVATION, SUSPENDED, PENDING_CLOSURE or CLOSED.
	State string
	// OU is the path of the account's organizational unit ("" for the root).
	OU string
	// Tags are the account's tags (ListTagsForResource).
	Tags map[string]string
}

// Account states (Account.State); the retired Status knows only ACTIVE,
// SUSPENDED and PENDING_CLOSURE.
const (
	AccountActive            = "ACTIVE"
	AccountPendingActivation = "PENDING_ACTIVATION"
	AccountSuspended         = "SUSPENDED"
	AccountPendingClosure    = "PENDING_CLOSURE"
	AccountClosed            = "CLOSED"
)

// orgState is a validated Organization with its derived ids; guarded by
// Server.mu.
type orgState struct {
	org      Organization
	rootID   string
	ouByPath map[string]*orgUnit
	ouByID   map[string]*orgUnit
	accounts map[string]*OrgAccount
	throttle tokenBucket
	joined   time.Time
}

// orgUnit is an organizational unit with its ids.
type orgUnit struct {
	id, name, path string
	parentID       string
}

// orgDeny is a permission taken away from some principals.
type orgDeny struct {
	principal string
	action    string
}

// WithOrganization makes the fake serve Organizations for org.
func WithOrganization(org Organization) Option {
	return func(s *Server) {
		if err := s.SetOrganization(org); err != nil && s.configErr == nil {
			s.configErr = err
		}
	}
}

// SetOrganization replaces the organization (accounts renamed, closed or
// moved between two runs of a client). It fails on an invalid one and
// leaves the current one in place.
func (s *Server) SetOrganization(org Organization) error {
	st, err := newOrgState(org)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.orgs != nil {
		st.throttle = s.orgs.throttle
		st.throttle.rate = org.RequestsPerSecond
	}
	s.orgs = st
	return nil
}

// Deny takes the Organizations actions (e.g. "organizations:ListTagsForResource")
// away from principal: an account id, an IAM user ARN or a role ARN (its
// sessions included), as a role trust policy names them. Such a call is
// answered with AccessDeniedException, as when an identity policy lacks
// the permission.
func (s *Server) Deny(principal string, actions ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range actions {
		s.denied = append(s.denied, orgDeny{principal: principal, action: a})
	}
}

// deniedLocked reports whether c may not perform action.
func (s *Server) deniedLocked(c caller, action string) bool {
	principals := c.principals()
	for _, d := range s.denied {
		if d.action == action && slices.Contains(principals, d.principal) {
			return true
		}
	}
	return false
}

func newOrgState(org Organization) (*orgState, error) {
	if !accountIDPattern().MatchString(org.ManagementAccountID) {
		return nil, fmt.Errorf("organization: management account id %q must be 12 digits", org.ManagementAccountID)
	}
	if org.ID == "" {
		org.ID = "o-" + strings.ToLower(stableID("", "org"+org.ManagementAccountID)[:10])
	}
	if !orgIDPattern().MatchString(org.ID) {
		return nil, fmt.Errorf("organization: id %q must be o- and 10 to 32 lower-case letters or digits", org.ID)
	}
	if org.RequestsPerSecond < 0 {
		return nil, fmt.Errorf("organization: RequestsPerSecond %d is negative", org.RequestsPerSecond)
	}
	st := &orgState{
		rootID:   "r-" + strings.ToLower(stableID("", "root"+org.ID)[:4]),
		ouByPath: map[string]*orgUnit{},
		ouByID:   map[string]*orgUnit{},
		accounts: map[string]*OrgAccount{},
		throttle: tokenBucket{rate: org.RequestsPerSecond},
		joined:   time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	for _, p := range org.OUs {
		parent, name := "", p
		if i := strings.LastIndex(p, "/"); i >= 0 {
			parent, name = p[:i], p[i+1:]
		}
		if name == "" || len(name) > 128 {
			return nil, fmt.Errorf("organization: OU %q: names are 1-128 characters", p)
		}
		parentID := st.rootID
		if parent != "" {
			pu, ok := st.ouByPath[parent]
			if !ok {
				return nil, fmt.Errorf("organization: OU %q comes before its parent %q", p, parent)
			}
			parentID = pu.id
		}
		if _, dup := st.ouByPath[p]; dup {
			return nil, fmt.Errorf("organization: OU %q is listed twice", p)
		}
		u := &orgUnit{id: "ou-" + st.rootID[2:] + "-" + strings.ToLower(stableID("", org.ID+"/"+p)[:8]), name: name, path: p, parentID: parentID}
		st.ouByPath[p], st.ouByID[u.id] = u, u
	}
	org.Accounts = slices.Clone(org.Accounts)
	for i := range org.Accounts {
		a := &org.Accounts[i]
		if !accountIDPattern().MatchString(a.ID) {
			return nil, fmt.Errorf("organization: account id %q must be 12 digits", a.ID)
		}
		if _, dup := st.accounts[a.ID]; dup {
			return nil, fmt.Errorf("organization: account %s is listed twice", a.ID)
		}
		if a.State == "" {
			a.State = AccountActive
		}
		switch a.State {
		case AccountActive, AccountPendingActivation, AccountSuspended, AccountPendingClosure, AccountClosed:
		default:
			return nil, fmt.Errorf("organization: account %s: unknown state %q", a.ID, a.State)
		}
		if a.OU != "" {
			if _, ok := st.ouByPath[a.OU]; !ok {
				return nil, fmt.Errorf("organization: account %s is in OU %q, which is not in OUs", a.ID, a.OU)
			}
		}
		a.Tags = maps.Clone(a.Tags)
		st.accounts[a.ID] = a
	}
	org.OUs = slices.Clone(org.OUs)
	org.DelegatedAdmins = slices.Clone(org.DelegatedAdmins)
	st.org = org
	return st, nil
}

var orgIDPattern = lazyRegexp(`^o-[a-z0-9]{10,32}$`)

// status is the retired Status field for a State.
func status(state string) string {
	switch state {
	case AccountPendingActivation:
		return AccountActive
	case AccountClosed:
		return AccountSuspended
	}
	return state
}

// parentOf is the id of the root or OU that holds an account or OU.
func (st *orgState) parentOf(id string) (string, bool) {
	if a, ok := st.accounts[id]; ok {
		if a.OU == "" {
			return st.rootID, true
		}
		return st.ouByPath[a.OU].id, true
	}
	if u, ok := st.ouByID[id]; ok {
		return u.parentID, true
	}
	return "", false
}

// entityPath is the Organizations path of ids down to parentID, e.g.
// o-abc/r-ab12/ou-ab12-11111111/.
func (st *orgState) entityPath(parentID string) string {
	var ids []string
	for id := parentID; id != st.rootID; {
		u := st.ouByID[id]
		ids = append(ids, id)
		id = u.parentID
	}
	slices.Reverse(ids)
	return st.org.ID + "/" + st.rootID + "/" + strings.Join(append(ids, ""), "/")
}

// arn builds an Organizations ARN of kind (account, ou, root) for id.
func (st *orgState) arn(kind, id string) string {
	return "arn:aws:organizations::" + st.org.ManagementAccountID + ":" + kind + "/" + st.org.ID + "/" + id
}
