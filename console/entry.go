package console

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// LinkEntry is one role to export as a Switch Role link (bookmarks,
// aws-extend-switch-roles). It holds no credentials.
type LinkEntry struct {
	// Name is the target's name ("prod/Admin"); it labels the link and
	// becomes the console display name. "" falls back to "Role @ Account".
	Name string
	// Account is the account's display name, AccountID its 12-digit id
	// (or alias).
	Account   string
	AccountID string
	// Role is the role name with its path ("team/Admin"). When empty it is
	// taken from RoleARN, which also fills AccountID and Partition.
	Role    string
	RoleARN string
	// Color is the target's colour ("#rrggbb" or ""). Switch Role links
	// map it to the console palette; aws-extend-switch-roles keeps it as is.
	Color     string
	Partition string
	// Region is the region aws-extend-switch-roles switches to; the
	// console's Switch Role link has no region.
	Region string
	// ExternalID, when set, means the console cannot switch to the role;
	// such entries are left out of every export (see Check).
	ExternalID string
	// SourceAccountID is the account (id or alias) the user signs in to
	// before switching, and SourceName its label. When set,
	// aws-extend-switch-roles groups the role under that base account and
	// hides it while the user is signed in to another one.
	SourceAccountID string
	SourceName      string
	// PortalURL, for an IAM Identity Center role, is its access portal's
	// console link (PortalConsoleURL): bookmarks link there, as the
	// console's Switch Role page cannot reach such a role.
	PortalURL string
}

// resolved fills Role, AccountID and Partition from RoleARN where they are
// empty.
func (e LinkEntry) resolved() LinkEntry {
	if e.RoleARN != "" && (e.Role == "" || e.AccountID == "" || e.Partition == "") {
		if partition, account, role, err := ParseRoleARN(e.RoleARN); err == nil {
			if e.Role == "" {
				e.Role = role
			}
			if e.AccountID == "" {
				e.AccountID = account
			}
			if e.Partition == "" {
				e.Partition = partition
			}
		}
	}
	e.Role = strings.Trim(strings.TrimSpace(e.Role), "/")
	e.AccountID = strings.TrimSpace(e.AccountID)
	return e
}

// Label is how the entry is named in a list: its Name, else "Role @
// Account".
func (e LinkEntry) Label() string {
	e = e.resolved()
	if n := strings.TrimSpace(e.Name); n != "" {
		return n
	}
	account := e.Account
	if account == "" {
		account = e.AccountID
	}
	return e.Role + " @ " + account
}

// Check reports why the console's Switch Role cannot reach this entry, or
// nil. Exporters leave such entries out; the CLI can show these reasons.
func (e LinkEntry) Check() error {
	r := e.resolved()
	if r.AccountID == "" {
		return fmt.Errorf("%s: a Switch Role link needs the account id", e.Label())
	}
	if e.PortalURL != "" {
		return nil // the portal signs in to it: no Switch Role limits apply
	}
	if err := CheckSwitchRoleName(r.Role); err != nil {
		return fmt.Errorf("%s: %w", e.Label(), err)
	}
	if err := CanSwitchInConsole(r.ExternalID); err != nil {
		return fmt.Errorf("%s: %w", e.Label(), err)
	}
	return nil
}

// SwitchRoleURL is the entry's console Switch Role link, or an Identity
// Center role's PortalURL.
func (e LinkEntry) SwitchRoleURL() string {
	if e.PortalURL != "" {
		return e.PortalURL
	}
	r := e.resolved()
	return SwitchRoleURL(LinkOptions{
		Partition:   r.Partition,
		AccountID:   r.AccountID,
		RoleName:    r.Role,
		DisplayName: e.Label(),
		Color:       r.Color,
	})
}

// ParseRoleARN splits arn:PARTITION:iam::ACCOUNT:role/PATH/NAME into the
// partition, the account id and the role name with its path ("PATH/NAME").
func ParseRoleARN(roleARN string) (partition, accountID, roleName string, err error) {
	a, err := arn.Parse(roleARN)
	if err != nil {
		return "", "", "", fmt.Errorf("role ARN %q: %w", roleARN, err)
	}
	name, ok := strings.CutPrefix(a.Resource, "role/")
	if a.Service != "iam" || !ok || strings.Trim(name, "/") == "" {
		return "", "", "", fmt.Errorf("role ARN %q is not an IAM role ARN such as arn:aws:iam::123456789012:role/Admin", roleARN)
	}
	return a.Partition, a.AccountID, strings.Trim(name, "/"), nil
}
