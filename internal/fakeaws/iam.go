package fakeaws

import (
	"encoding/base32"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// iamVersion is the IAM Query API version. IAM is served on the same
// endpoint as STS (point AWS_ENDPOINT_URL_IAM at the fake): the two share
// the Query protocol and the fake's users.
const iamVersion = "2010-05-08"

// maxAccessKeys is IAM's limit of access keys per user.
const maxAccessKeys = 2

// iamActions are the IAM actions the fake knows: a user's own access keys,
// which `switchrole keys rotate` needs.
var iamActions = map[string]stsAction{
	"CreateAccessKey": (*Server).createAccessKey,
	"DeleteAccessKey": (*Server).deleteAccessKey,
	"ListAccessKeys":  (*Server).listAccessKeys,
}

// actionFor finds the handler for action in API version.
func actionFor(action, version string) (stsAction, bool) {
	if version == iamVersion {
		a, ok := iamActions[action]
		return a, ok
	}
	if version == stsVersion {
		a, ok := stsActions[action]
		return a, ok
	}
	return nil, false
}

type xmlAccessKey struct {
	UserName        string
	AccessKeyId     string
	Status          string
	SecretAccessKey string `xml:",omitempty"`
	CreateDate      string
}

type createAccessKeyResponse struct {
	XMLName xml.Name `xml:"https://iam.amazonaws.com/doc/2010-05-08/ CreateAccessKeyResponse"`
	Result  struct {
		AccessKey xmlAccessKey
	} `xml:"CreateAccessKeyResult"`
	ResponseMetadata xmlMetadata
}

type deleteAccessKeyResponse struct {
	XMLName          xml.Name `xml:"https://iam.amazonaws.com/doc/2010-05-08/ DeleteAccessKeyResponse"`
	ResponseMetadata xmlMetadata
}

type listAccessKeysResponse struct {
	XMLName xml.Name `xml:"https://iam.amazonaws.com/doc/2010-05-08/ ListAccessKeysResponse"`
	Result  struct {
		AccessKeyMetadata struct {
			Member []xmlAccessKey `xml:"member"`
		}
		IsTruncated bool
	} `xml:"ListAccessKeysResult"`
	ResponseMetadata xmlMetadata
}

// iamUserLocked is the user an IAM call is about: the caller itself, or the
// UserName parameter when it names the caller (the fake has no admins).
func (s *Server) iamUserLocked(c caller, p url.Values, action string) (*User, *apiError) {
	if c.temporary() && c.cred.kind != KindSession {
		return nil, notAuthorized(c.arn(), "iam:"+action, c.user.ARN())
	}
	if name := p.Get("UserName"); name != "" && name != c.user.Name {
		return nil, notAuthorized(c.arn(), "iam:"+action, fmt.Sprintf("arn:%s:iam::%s:user/%s", partitionOr(c.user.Partition), c.user.AccountID, name))
	}
	return c.user, nil
}

// keysOfLocked lists u's access key ids, oldest first.
func (s *Server) keysOfLocked(u *User) []string {
	var ids []string
	for id, owner := range s.users {
		if owner == u {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int { return s.keyCreated[a].Compare(s.keyCreated[b]) })
	return ids
}

func (s *Server) createAccessKey(c caller, p url.Values, requestID string) (any, *apiError) {
	u, err := s.iamUserLocked(c, p, "CreateAccessKey")
	if err != nil {
		return nil, err
	}
	if len(s.keysOfLocked(u)) >= maxAccessKeys {
		return nil, &apiError{http.StatusConflict, "LimitExceeded", fmt.Sprintf("Cannot exceed quota for AccessKeysPerUser: %d", maxAccessKeys)}
	}
	id := "AKIA" + base32.StdEncoding.EncodeToString(randomBytes(10))[:16]
	secret := newSecret()
	s.users[id] = u
	s.secrets[id] = secret
	s.keyCreated[id] = s.now()
	var out createAccessKeyResponse
	out.Result.AccessKey = xmlAccessKey{UserName: u.Name, AccessKeyId: id, Status: "Active", SecretAccessKey: secret,
		CreateDate: s.now().UTC().Format(time.RFC3339)}
	out.ResponseMetadata.RequestId = requestID
	return out, nil
}

func (s *Server) deleteAccessKey(c caller, p url.Values, requestID string) (any, *apiError) {
	u, err := s.iamUserLocked(c, p, "DeleteAccessKey")
	if err != nil {
		return nil, err
	}
	id := p.Get("AccessKeyId")
	if owner, ok := s.users[id]; !ok || owner != u {
		return nil, &apiError{http.StatusNotFound, "NoSuchEntity", fmt.Sprintf("The Access Key with id %s cannot be found.", id)}
	}
	delete(s.users, id)
	delete(s.secrets, id)
	delete(s.keyCreated, id)
	var out deleteAccessKeyResponse
	out.ResponseMetadata.RequestId = requestID
	return out, nil
}

func (s *Server) listAccessKeys(c caller, p url.Values, requestID string) (any, *apiError) {
	u, err := s.iamUserLocked(c, p, "ListAccessKeys")
	if err != nil {
		return nil, err
	}
	var out listAccessKeysResponse
	for _, id := range s.keysOfLocked(u) {
		out.Result.AccessKeyMetadata.Member = append(out.Result.AccessKeyMetadata.Member, xmlAccessKey{
			UserName: u.Name, AccessKeyId: id, Status: "Active", CreateDate: s.keyCreated[id].UTC().Format(time.RFC3339)})
	}
	out.ResponseMetadata.RequestId = requestID
	return out, nil
}

// AccessKeys lists the access key ids of the user called name, oldest first
// (for tests of key rotation).
func (s *Server) AccessKeys(name string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		if u.Name == name {
			return s.keysOfLocked(u)
		}
	}
	return nil
}
