package demo

import "github.com/switchrole/switchrole/internal/fakeaws"

// The demo's AWS Organization: alice's jump account is its management
// account, so `switchrole discover org --source jump` lists it. Every
// account of the sample organisation is in it, in an OU after its group,
// with its tags as AWS tags; so are two sandboxes the demo's config does
// not know yet (what discover adds) and a suspended account (what it
// leaves out).
var ouOfGroup = map[string]string{
	"production":  "Workloads/Prod",
	"staging":     "Workloads/Staging",
	"development": "Workloads/Dev",
	"data":        "Workloads/Data",
	"platform":    "Infrastructure",
	"security":    "Security",
	"finance":     "Finance",
}

// organization is the demo's Organization for the fake.
func organization() fakeaws.Organization {
	org := fakeaws.Organization{
		ManagementAccountID: JumpAccountID,
		OUs:                 []string{"Workloads", "Workloads/Prod", "Workloads/Staging", "Workloads/Dev", "Workloads/Dev/Sandboxes", "Workloads/Data", "Infrastructure", "Security", "Finance"},
		Accounts:            []fakeaws.OrgAccount{{ID: JumpAccountID, Name: "identity", Email: "aws-identity@example.com", Tags: map[string]string{"owner": "it"}}},
	}
	for _, a := range organisation {
		tags := map[string]string{"cost-center": a.group}
		for _, t := range a.tags {
			tags[t] = ""
		}
		org.Accounts = append(org.Accounts, fakeaws.OrgAccount{ID: a.id, Name: a.name, Email: "aws-" + a.name + "@example.com", OU: ouOfGroup[a.group], Tags: tags})
	}
	org.Accounts = append(org.Accounts,
		fakeaws.OrgAccount{ID: "420000000001", Name: "sandbox-alice", Email: "aws-sandbox-alice@example.com", OU: "Workloads/Dev/Sandboxes", Tags: map[string]string{"owner": "alice", "dev": ""}},
		fakeaws.OrgAccount{ID: "420000000002", Name: "sandbox-bob", Email: "aws-sandbox-bob@example.com", OU: "Workloads/Dev/Sandboxes", Tags: map[string]string{"owner": "bob", "dev": ""}},
		fakeaws.OrgAccount{ID: "420000000003", Name: "sandbox-old", Email: "aws-sandbox-old@example.com", OU: "Workloads/Dev/Sandboxes", State: fakeaws.AccountSuspended},
	)
	return org
}
