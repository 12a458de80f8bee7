package fakeaws

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// testOrganization is run from the identity account (alice's), with 45
// accounts under nested OUs, so that listings take three pages.
func testOrganization() Organization {
	org := Organization{
		ManagementAccountID: identityAccount,
		OUs:                 []string{"Workloads", "Workloads/Prod", "Workloads/Dev", "Security"},
		Accounts:            []OrgAccount{{ID: identityAccount, Name: "management", Email: "root@example.com"}},
	}
	ous := []string{"Workloads/Prod", "Workloads/Dev", "Security", ""}
	for i := range 44 {
		a := OrgAccount{ID: fmt.Sprintf("5000000000%02d", i), Name: fmt.Sprintf("acct-%02d", i), Email: fmt.Sprintf("a%d@example.com", i), OU: ous[i%4]}
		if i == 3 {
			a.State = AccountSuspended
		}
		if i == 5 {
			a.Tags = map[string]string{}
			for k := range 25 {
				a.Tags[fmt.Sprintf("k%02d", k)] = fmt.Sprintf("v%d", k)
			}
		}
		org.Accounts = append(org.Accounts, a)
	}
	return org
}

// orgsClient is the SDK's own Organizations client, signing as alice.
func orgsClient(t testing.TB, s *Server, akid, secret, token string) *organizations.Client {
	t.Helper()
	return organizations.NewFromConfig(sdkConfig(t, s, credentials.NewStaticCredentialsProvider(akid, secret, token)))
}

func TestOrganizationsListAccountsPages(t *testing.T) {
	s, _ := newOrg(t, WithOrganization(testOrganization()))
	c := orgsClient(t, s, aliceKey, aliceSecret, "")
	ctx := context.Background()
	var got []orgtypes.Account
	pages := 0
	for p := organizations.NewListAccountsPaginator(c, &organizations.ListAccountsInput{}); p.HasMorePages(); {
		out, err := p.NextPage(ctx)
		wantNoError(t, err)
		pages++
		if len(out.Accounts) > orgsMaxPage {
			t.Fatalf("a page holds %d accounts, AWS's limit is %d", len(out.Accounts), orgsMaxPage)
		}
		got = append(got, out.Accounts...)
	}
	if len(got) != 45 || pages != 3 {
		t.Fatalf("got %d accounts in %d pages, want 45 in 3", len(got), pages)
	}
	a := got[4] // acct-03, suspended
	if *a.Name != "acct-03" || a.State != orgtypes.AccountStateSuspended || a.Status != orgtypes.AccountStatusSuspended {
		t.Errorf("acct-03 = %s state %s status %s", *a.Name, a.State, a.Status)
	}
	if a.JoinedTimestamp == nil || a.JoinedTimestamp.Year() != 2020 {
		t.Errorf("JoinedTimestamp = %v", a.JoinedTimestamp)
	}
	if !strings.HasPrefix(*a.Arn, "arn:aws:organizations::111111111111:account/o-") || !strings.HasSuffix(*a.Arn, "/500000000003") {
		t.Errorf("Arn = %s", *a.Arn)
	}
	// acct-00 is in Workloads/Prod: its path names the org, root and both OUs.
	if p := got[1].Paths; len(p) != 1 || strings.Count(p[0], "/ou-") != 2 || !strings.HasSuffix(p[0], "/500000000000/") {
		t.Errorf("Paths = %v", p)
	}

	_, err := c.ListAccounts(ctx, &organizations.ListAccountsInput{MaxResults: sdkaws.Int32(21)})
	wantAPIError(t, err, 400, "InvalidInputException", "")
	_, err = c.ListParents(ctx, &organizations.ListParentsInput{ChildId: sdkaws.String("500000000000"), NextToken: sdkaws.String("bm90IGEgdG9rZW4=")})
	wantAPIError(t, err, 400, "InvalidInputException", "The specified pagination token isn't valid.")
}

func TestOrganizationsStateOnlyAndNoPaths(t *testing.T) {
	org := testOrganization()
	org.StateOnly, org.NoPaths = true, true
	s, _ := newOrg(t, WithOrganization(org))
	out, err := orgsClient(t, s, aliceKey, aliceSecret, "").ListAccounts(context.Background(), &organizations.ListAccountsInput{})
	wantNoError(t, err)
	for _, a := range out.Accounts {
		if a.Status != "" || a.Paths != nil || a.State == "" {
			t.Fatalf("account %s: status %q paths %v state %q", *a.Id, a.Status, a.Paths, a.State)
		}
	}
}

func TestOrganizationsTree(t *testing.T) {
	s, _ := newOrg(t, WithOrganization(testOrganization()))
	c := orgsClient(t, s, aliceKey, aliceSecret, "")
	ctx := context.Background()
	roots, err := c.ListRoots(ctx, &organizations.ListRootsInput{})
	wantNoError(t, err)
	if len(roots.Roots) != 1 || !strings.HasPrefix(*roots.Roots[0].Id, "r-") {
		t.Fatalf("roots = %+v", roots.Roots)
	}
	root := roots.Roots[0].Id
	top, err := c.ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: root})
	wantNoError(t, err)
	if len(top.OrganizationalUnits) != 2 || *top.OrganizationalUnits[0].Name != "Workloads" || *top.OrganizationalUnits[1].Name != "Security" {
		t.Fatalf("top OUs = %+v", top.OrganizationalUnits)
	}
	workloads := top.OrganizationalUnits[0].Id
	kids, err := c.ListOrganizationalUnitsForParent(ctx, &organizations.ListOrganizationalUnitsForParentInput{ParentId: workloads})
	wantNoError(t, err)
	if len(kids.OrganizationalUnits) != 2 || *kids.OrganizationalUnits[0].Name != "Prod" {
		t.Fatalf("Workloads' OUs = %+v", kids.OrganizationalUnits)
	}
	prod := kids.OrganizationalUnits[0].Id

	parents, err := c.ListParents(ctx, &organizations.ListParentsInput{ChildId: sdkaws.String("500000000000")})
	wantNoError(t, err)
	if len(parents.Parents) != 1 || *parents.Parents[0].Id != *prod || parents.Parents[0].Type != orgtypes.ParentTypeOrganizationalUnit {
		t.Fatalf("parents of acct-00 = %+v", parents.Parents)
	}
	up, err := c.ListParents(ctx, &organizations.ListParentsInput{ChildId: workloads})
	wantNoError(t, err)
	if *up.Parents[0].Id != *root || up.Parents[0].Type != orgtypes.ParentTypeRoot {
		t.Fatalf("parents of Workloads = %+v", up.Parents)
	}
	ou, err := c.DescribeOrganizationalUnit(ctx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: prod})
	wantNoError(t, err)
	if *ou.OrganizationalUnit.Name != "Prod" || !strings.HasSuffix(*ou.OrganizationalUnit.Path, *prod+"/") {
		t.Fatalf("DescribeOrganizationalUnit = %+v", ou.OrganizationalUnit)
	}
	inProd, err := c.ListAccountsForParent(ctx, &organizations.ListAccountsForParentInput{ParentId: prod})
	wantNoError(t, err)
	if len(inProd.Accounts) != 11 {
		t.Fatalf("Prod holds %d accounts, want 11", len(inProd.Accounts))
	}

	_, err = c.DescribeOrganizationalUnit(ctx, &organizations.DescribeOrganizationalUnitInput{OrganizationalUnitId: sdkaws.String("ou-zzzz-00000000")})
	var notFound *orgtypes.OrganizationalUnitNotFoundException
	if !errors.As(err, &notFound) {
		t.Fatalf("unknown OU: %v, want OrganizationalUnitNotFoundException", err)
	}
	_, err = c.ListParents(ctx, &organizations.ListParentsInput{ChildId: sdkaws.String("999999999999")})
	var noChild *orgtypes.ChildNotFoundException
	if !errors.As(err, &noChild) {
		t.Fatalf("unknown child: %v, want ChildNotFoundException", err)
	}
}

func TestOrganizationsTagsPage(t *testing.T) {
	s, _ := newOrg(t, WithOrganization(testOrganization()))
	c := orgsClient(t, s, aliceKey, aliceSecret, "")
	var tags []orgtypes.Tag
	for p := organizations.NewListTagsForResourcePaginator(c, &organizations.ListTagsForResourceInput{ResourceId: sdkaws.String("500000000005")}); p.HasMorePages(); {
		out, err := p.NextPage(context.Background())
		wantNoError(t, err)
		tags = append(tags, out.Tags...)
	}
	if len(tags) != 25 || *tags[0].Key != "k00" || *tags[24].Value != "v24" {
		t.Fatalf("tags = %d, first %v", len(tags), tags[0])
	}
	if n := s.Calls("organizations:ListTagsForResource"); n != 2 {
		t.Errorf("25 tags took %d calls, want 2 pages", n)
	}
	_, err := c.ListTagsForResource(context.Background(), &organizations.ListTagsForResourceInput{ResourceId: sdkaws.String("999999999999")})
	var notFound *orgtypes.TargetNotFoundException
	if !errors.As(err, &notFound) {
		t.Fatalf("unknown resource: %v, want TargetNotFoundException", err)
	}
}

func TestOrganizationsWhoMayCall(t *testing.T) {
	org := testOrganization()
	org.Accounts = append(org.Accounts, OrgAccount{ID: prodAccount, Name: "prod"})
	s, _ := newOrg(t, WithOrganization(org))
	ctx := context.Background()

	// eve's account is in no organization.
	_, err := orgsClient(t, s, eveKey, eveSecret, "").ListAccounts(ctx, &organizations.ListAccountsInput{})
	var notInUse *orgtypes.AWSOrganizationsNotInUseException
	if !errors.As(err, &notInUse) || notInUse.ErrorMessage() != msgOrgsNotInUse {
		t.Fatalf("outsider: %v, want AWSOrganizationsNotInUseException", err)
	}

	// A role session in a member account that is no delegated administrator.
	out, err := alice(t, s).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String(readOnlyARN), RoleSessionName: sdkaws.String("alice")})
	wantNoError(t, err)
	member := orgsClient(t, s, *out.Credentials.AccessKeyId, *out.Credentials.SecretAccessKey, *out.Credentials.SessionToken)
	_, err = member.ListAccounts(ctx, &organizations.ListAccountsInput{})
	var denied *orgtypes.AccessDeniedException
	if !errors.As(err, &denied) {
		t.Fatalf("member account: %v, want AccessDeniedException", err)
	}
	org.DelegatedAdmins = []string{prodAccount}
	wantNoError(t, s.SetOrganization(org))
	_, err = member.ListAccounts(ctx, &organizations.ListAccountsInput{})
	wantNoError(t, err)

	// A denied permission, for alice only.
	s.Deny("arn:aws:iam::111111111111:user/alice", "organizations:ListTagsForResource")
	a := orgsClient(t, s, aliceKey, aliceSecret, "")
	_, err = a.ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: sdkaws.String("500000000005")})
	wantAPIError(t, err, 400, "AccessDeniedException", msgOrgsDenied)
	_, err = a.ListAccounts(ctx, &organizations.ListAccountsInput{})
	wantNoError(t, err)
	_, err = orgsClient(t, s, bobKey, bobSecret, "").ListTagsForResource(ctx, &organizations.ListTagsForResourceInput{ResourceId: sdkaws.String("500000000005")})
	wantNoError(t, err)

	// An unknown key is refused as JSON services refuse it.
	_, err = orgsClient(t, s, "AKIAUNKNOWN000000000", "x", "").ListAccounts(ctx, &organizations.ListAccountsInput{})
	wantAPIError(t, err, 400, "UnrecognizedClientException", msgInvalidClientToken)
}

func TestOrganizationsThrottleAndFaults(t *testing.T) {
	org := testOrganization()
	org.RequestsPerSecond = 2
	s, _ := newOrg(t, WithOrganization(org))
	c := orgsClient(t, s, aliceKey, aliceSecret, "")
	ctx := context.Background()
	var throttled *orgtypes.TooManyRequestsException
	for range 3 {
		_, err := c.ListRoots(ctx, &organizations.ListRootsInput{})
		if errors.As(err, &throttled) {
			break
		}
		wantNoError(t, err)
	}
	if throttled == nil {
		t.Fatal("three calls at once against a 2-per-second throttle all passed")
	}
	if sdkaws.ToString(throttled.Type) == "" {
		t.Errorf("TooManyRequestsException has no Type")
	}

	s2, _ := newOrg(t, WithOrganization(testOrganization()))
	c2 := orgsClient(t, s2, aliceKey, aliceSecret, "")
	s2.SetFault(Fault{Status: 500, Code: "ServiceException", Message: "boom", Count: 1, Actions: []string{"organizations:ListAccounts"}})
	_, err := c2.ListAccounts(ctx, &organizations.ListAccountsInput{})
	var svc *orgtypes.ServiceException
	if !errors.As(err, &svc) {
		t.Fatalf("faulted call: %v, want ServiceException", err)
	}
	s2.SetFault(Fault{Malformed: true, Count: 1, Actions: []string{"organizations:ListAccounts"}})
	if _, err := c2.ListAccounts(ctx, &organizations.ListAccountsInput{}); err == nil {
		t.Fatal("a malformed body decoded without error")
	}
	if _, err := c2.ListAccounts(ctx, &organizations.ListAccountsInput{}); err != nil {
		t.Fatalf("after the faults: %v", err)
	}
	reqs := s2.Requests()
	if last := reqs[len(reqs)-1]; last.Action != "organizations:ListAccounts" || last.AccessKeyID != aliceKey || last.Status != 200 {
		t.Errorf("recorded %+v", last)
	}
}

func TestOrganizationInvalid(t *testing.T) {
	for _, org := range []Organization{
		{ManagementAccountID: "1"},
		{ManagementAccountID: identityAccount, OUs: []string{"A/B"}},
		{ManagementAccountID: identityAccount, Accounts: []OrgAccount{{ID: prodAccount, OU: "Nowhere"}}},
		{ManagementAccountID: identityAccount, Accounts: []OrgAccount{{ID: prodAccount, State: "GONE"}}},
	} {
		if err := New().SetOrganization(org); err == nil {
			t.Errorf("SetOrganization(%+v) accepted", org)
		}
	}
}

// TestOrganizationsUnsigned: a request without a signature is refused in
// the JSON protocol's shape.
func TestOrganizationsUnsigned(t *testing.T) {
	s, _ := newOrg(t, WithOrganization(testOrganization()))
	req, err := http.NewRequest(http.MethodPost, s.URL()+"/", strings.NewReader(`{}`))
	wantNoError(t, err)
	req.Header.Set("Content-Type", orgsContentType)
	req.Header.Set("X-Amz-Target", orgsTargetPrefix+"ListAccounts")
	resp, err := http.DefaultClient.Do(req)
	wantNoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 403 || resp.Header.Get("Content-Type") != orgsContentType || !strings.Contains(string(body), `"__type":"MissingAuthenticationTokenException"`) {
		t.Fatalf("unsigned: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if s.Calls("organizations:ListAccounts") != 1 {
		t.Errorf("the refused call was not counted")
	}
}
