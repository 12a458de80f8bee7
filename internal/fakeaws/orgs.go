package fakeaws

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The Organizations API: AWS JSON 1.1 (POST /, X-Amz-Target:
// AWSOrganizationsV20161128.<Op>, application/x-amz-json-1.1), shaped as the
// SDK's snapshots (service/organizations). Errors are {"__type","Message"}.
// AWS answers client errors with 400 whatever the model's httpError says;
// the SDK reads only __type.

// orgsTargetPrefix starts the X-Amz-Target of every Organizations call.
const orgsTargetPrefix = "AWSOrganizationsV20161128."

// orgsContentType is the content type of requests and answers.
const orgsContentType = "application/x-amz-json-1.1"

// orgsMaxPage is the largest MaxResults (and the default page) of the
// Organizations list operations; orgsTagsPage is ListTagsForResource's
// page, which callers cannot choose.
const (
	orgsMaxPage  = 20
	orgsTagsPage = 20
)

// Messages AWS sends.
const (
	msgOrgsDenied   = "You don't have permissions to access this resource."
	msgOrgsNotInUse = "Your account is not a member of an organization."
	msgOrgsThrottle = "You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later."
)

// orgsAction names an Organizations call for Calls, Requests and
// Fault.Actions as IAM names the permission ("organizations:ListAccounts"),
// or "" when r is not one.
func orgsAction(r *http.Request) string {
	op, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), orgsTargetPrefix)
	if !ok {
		return ""
	}
	return "organizations:" + op
}

// orgsOp handles one operation for an allowed caller; it runs with s.mu held.
type orgsOp func(st *orgState, in orgsInput) (any, *apiError)

var orgsOps = map[string]orgsOp{
	"ListAccounts":                     listOrgAccounts,
	"ListAccountsForParent":            listAccountsForParent,
	"ListParents":                      listParents,
	"ListRoots":                        listRoots,
	"ListOrganizationalUnitsForParent": listOUsForParent,
	"DescribeOrganizationalUnit":       describeOU,
	"ListTagsForResource":              listTags,
}

// orgsInput is the union of the members the read operations take.
type orgsInput struct {
	MaxResults           *int
	NextToken            *string
	ChildId              *string
	ParentId             *string
	OrganizationalUnitId *string
	ResourceId           *string

	op string
}

// writeOrgsError answers like Organizations: {"__type","Message"}.
func writeOrgsError(w http.ResponseWriter, e *apiError) {
	setErrorCode(w, e.code)
	body := map[string]string{"__type": e.code, "Message": e.message}
	if e.code == "TooManyRequestsException" {
		// The Type values are not documented; this one names the cause.
		body["Type"] = "RequestRateExceeded"
	}
	writeJSONAs(w, orgsContentType, e.status, body)
}

func orgsErr(code, message string) *apiError {
	return &apiError{http.StatusBadRequest, code, message}
}

// orgsAuthError turns the STS wording of a signature problem into the
// JSON services' codes.
func orgsAuthError(e *apiError) *apiError {
	switch e.code {
	case "InvalidClientTokenId":
		return orgsErr("UnrecognizedClientException", e.message)
	case "ExpiredToken":
		return orgsErr("ExpiredTokenException", e.message)
	case "MissingAuthenticationToken":
		return &apiError{http.StatusForbidden, "MissingAuthenticationTokenException", "Missing Authentication Token"}
	}
	return orgsErr(e.code+"Exception", e.message)
}

// serveOrganizations answers one Organizations call.
func (s *Server) serveOrganizations(w http.ResponseWriter, r *http.Request) {
	action := orgsAction(r)
	op := strings.TrimPrefix(action, "organizations:")
	handle, known := orgsOps[op]
	if r.Method != http.MethodPost {
		writeOrgsError(w, orgsErr("UnknownOperationException", "Organizations answers POST only"))
		return
	}
	if !known {
		writeOrgsError(w, orgsErr("UnknownOperationException", "The fake does not model "+op))
		return
	}
	raw, err := io.ReadAll(r.Body)
	var in orgsInput
	if err == nil && len(raw) > 0 {
		err = json.Unmarshal(raw, &in)
	}
	if err != nil {
		writeOrgsError(w, orgsErr("SerializationException", "Could not parse the request body as JSON"))
		return
	}
	in.op = op

	s.mu.Lock()
	defer s.mu.Unlock()
	c, authErr := s.authenticateLocked(r)
	if authErr != nil {
		writeOrgsError(w, orgsAuthError(authErr))
		return
	}
	st := s.orgs
	if st != nil && !st.throttle.take(time.Now()) {
		writeOrgsError(w, orgsErr("TooManyRequestsException", msgOrgsThrottle))
		return
	}
	if e := s.orgsAllowedLocked(c, action); e != nil {
		writeOrgsError(w, e)
		return
	}
	out, e := handle(st, in)
	if e != nil {
		writeOrgsError(w, e)
		return
	}
	writeJSONAs(w, orgsContentType, http.StatusOK, out)
}

// orgsAllowedLocked decides whether c may call action: the caller's account
// must be in the organization, and be its management account or a
// delegated administrator, and no Deny may name it.
func (s *Server) orgsAllowedLocked(c caller, action string) *apiError {
	st := s.orgs
	acct := c.account()
	if st == nil || (acct != st.org.ManagementAccountID && st.accounts[acct] == nil) {
		return orgsErr("AWSOrganizationsNotInUseException", msgOrgsNotInUse)
	}
	if acct != st.org.ManagementAccountID && !slices.Contains(st.org.DelegatedAdmins, acct) {
		return orgsErr("AccessDeniedException", msgOrgsDenied)
	}
	if s.deniedLocked(c, action) {
		return orgsErr("AccessDeniedException", msgOrgsDenied)
	}
	return nil
}

// orgsToken is what a NextToken carries: the call it continues and where.
type orgsToken struct {
	Op     string `json:"o"`
	Key    string `json:"k,omitempty"`
	Offset int    `json:"n"`
}

// orgsPage cuts n items by MaxResults and NextToken; key binds the token to
// the call's parent or resource, as AWS refuses a token from another call.
func orgsPage(in orgsInput, key string, n, pageSize int) (from, to int, next *string, e *apiError) {
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > orgsMaxPage {
			return 0, 0, nil, orgsErr("InvalidInputException", "You provided a value that does not match the required pattern.")
		}
		pageSize = *in.MaxResults
	}
	if in.NextToken != nil {
		raw, err := base64.StdEncoding.DecodeString(*in.NextToken)
		var tok orgsToken
		if err == nil {
			err = json.Unmarshal(raw, &tok)
		}
		if err != nil || tok.Op != in.op || tok.Key != key || tok.Offset < 0 || tok.Offset > n {
			return 0, 0, nil, orgsErr("InvalidInputException", "The specified pagination token isn't valid.")
		}
		from = tok.Offset
	}
	to = min(from+pageSize, n)
	if to < n {
		b, _ := json.Marshal(orgsToken{Op: in.op, Key: key, Offset: to})
		t := base64.StdEncoding.EncodeToString(b)
		next = &t
	}
	return from, to, next, nil
}

// orgsPaged answers a list operation: the page of items under member, and
// NextToken when more remain.
func orgsPaged[T any](in orgsInput, key, member string, items []T, pageSize int) (any, *apiError) {
	from, to, next, e := orgsPage(in, key, len(items), pageSize)
	if e != nil {
		return nil, e
	}
	out := map[string]any{member: items[from:to]}
	if next != nil {
		out["NextToken"] = *next
	}
	return out, nil
}

type orgsAccountJSON struct {
	Id              string
	Arn             string
	Email           string
	Name            string
	State           string
	Status          string `json:",omitempty"`
	JoinedMethod    string
	JoinedTimestamp float64
	Paths           []string `json:",omitempty"`
}

func (st *orgState) accountJSON(a *OrgAccount) orgsAccountJSON {
	parent, _ := st.parentOf(a.ID)
	j := orgsAccountJSON{
		Id: a.ID, Arn: st.arn("account", a.ID), Email: a.Email, Name: a.Name, State: a.State,
		JoinedMethod: "CREATED", JoinedTimestamp: float64(st.joined.Unix()),
	}
	if !st.org.NoPaths {
		j.Paths = []string{st.entityPath(parent) + a.ID + "/"}
	}
	if a.ID == st.org.ManagementAccountID {
		j.JoinedMethod = "INVITED"
	}
	if !st.org.StateOnly {
		j.Status = status(a.State)
	}
	return j
}

func listOrgAccounts(st *orgState, in orgsInput) (any, *apiError) {
	all := make([]orgsAccountJSON, len(st.org.Accounts))
	for i := range st.org.Accounts {
		all[i] = st.accountJSON(&st.org.Accounts[i])
	}
	return orgsPaged(in, "", "Accounts", all, orgsMaxPage)
}

// parentID checks a ParentId: the root or a known OU.
func (st *orgState) parentID(id *string) (string, *apiError) {
	if id == nil || *id == "" {
		return "", orgsErr("InvalidInputException", "You provided a value that does not match the required pattern.")
	}
	if *id != st.rootID && st.ouByID[*id] == nil {
		return "", orgsErr("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.")
	}
	return *id, nil
}

func listAccountsForParent(st *orgState, in orgsInput) (any, *apiError) {
	parent, e := st.parentID(in.ParentId)
	if e != nil {
		return nil, e
	}
	var all []orgsAccountJSON
	for i := range st.org.Accounts {
		if p, _ := st.parentOf(st.org.Accounts[i].ID); p == parent {
			all = append(all, st.accountJSON(&st.org.Accounts[i]))
		}
	}
	return orgsPaged(in, parent, "Accounts", all, orgsMaxPage)
}

type orgsOUJSON struct {
	Id, Arn, Name string
	Path          string `json:",omitempty"`
}

func (st *orgState) ouJSON(u *orgUnit) orgsOUJSON {
	j := orgsOUJSON{Id: u.id, Arn: st.arn("ou", u.id), Name: u.name}
	if !st.org.NoPaths {
		j.Path = st.entityPath(u.id)
	}
	return j
}

func listOUsForParent(st *orgState, in orgsInput) (any, *apiError) {
	parent, e := st.parentID(in.ParentId)
	if e != nil {
		return nil, e
	}
	all := []orgsOUJSON{}
	for _, p := range st.org.OUs {
		if u := st.ouByPath[p]; u.parentID == parent {
			all = append(all, st.ouJSON(u))
		}
	}
	return orgsPaged(in, parent, "OrganizationalUnits", all, orgsMaxPage)
}

func describeOU(st *orgState, in orgsInput) (any, *apiError) {
	if in.OrganizationalUnitId == nil {
		return nil, orgsErr("InvalidInputException", "You provided a value that does not match the required pattern.")
	}
	u, ok := st.ouByID[*in.OrganizationalUnitId]
	if !ok {
		return nil, orgsErr("OrganizationalUnitNotFoundException", "We can't find an OU with the OrganizationalUnitId that you specified.")
	}
	return map[string]any{"OrganizationalUnit": st.ouJSON(u)}, nil
}

func listParents(st *orgState, in orgsInput) (any, *apiError) {
	if in.ChildId == nil {
		return nil, orgsErr("InvalidInputException", "You provided a value that does not match the required pattern.")
	}
	parent, ok := st.parentOf(*in.ChildId)
	if !ok {
		return nil, orgsErr("ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.")
	}
	typ := "ORGANIZATIONAL_UNIT"
	if parent == st.rootID {
		typ = "ROOT"
	}
	type parentJSON struct{ Id, Type string }
	return orgsPaged(in, *in.ChildId, "Parents", []parentJSON{{parent, typ}}, orgsMaxPage)
}

func listRoots(st *orgState, in orgsInput) (any, *apiError) {
	type policyType struct{ Type, Status string }
	type rootJSON struct {
		Id, Arn, Name string
		PolicyTypes   []policyType
	}
	roots := []rootJSON{{Id: st.rootID, Arn: st.arn("root", st.rootID), Name: "Root",
		PolicyTypes: []policyType{{"SERVICE_CONTROL_POLICY", "ENABLED"}}}}
	return orgsPaged(in, "", "Roots", roots, orgsMaxPage)
}

func listTags(st *orgState, in orgsInput) (any, *apiError) {
	if in.MaxResults != nil {
		return nil, orgsErr("SerializationException", "Unknown member MaxResults")
	}
	if in.ResourceId == nil {
		return nil, orgsErr("InvalidInputException", "You provided a value that does not match the required pattern.")
	}
	a, ok := st.accounts[*in.ResourceId]
	if !ok {
		// Roots, OUs and policies can be tagged too; the fake tags accounts only.
		if *in.ResourceId == st.rootID || st.ouByID[*in.ResourceId] != nil {
			return map[string]any{"Tags": []any{}}, nil
		}
		return nil, orgsErr("TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified.")
	}
	type tag struct{ Key, Value string }
	keys := slices.Sorted(maps.Keys(a.Tags))
	tags := make([]tag, len(keys))
	for i, k := range keys {
		tags[i] = tag{k, a.Tags[k]}
	}
	return orgsPaged(in, a.ID, "Tags", tags, orgsTagsPage)
}
