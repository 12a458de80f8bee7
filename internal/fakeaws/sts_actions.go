package fakeaws

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// Duration bounds and defaults from the STS API reference.
const (
	minDurationSeconds        = 900
	maxRoleDurationSeconds    = 43200
	maxSessionDurationSeconds = 129600
	defaultRoleDuration       = 3600
	defaultSessionDuration    = 43200
	chainedMaxDuration        = 3600
	maxPolicyChars            = 2048
)

func (s *Server) getCallerIdentity(c caller, _ url.Values, requestID string) (any, *apiError) {
	var out getCallerIdentityResponse
	out.Result.Arn = c.arn()
	out.Result.Account = c.account()
	if c.cred != nil {
		out.Result.UserId = c.cred.userID()
	} else {
		out.Result.UserId = userID(c.user)
	}
	out.ResponseMetadata.RequestId = requestID
	return out, nil
}

// getSessionToken issues session credentials to an IAM user, marked
// MFA-authenticated when a valid code came with the call.
func (s *Server) getSessionToken(c caller, p url.Values, requestID string) (any, *apiError) {
	if c.temporary() {
		return nil, accessDenied("Cannot call GetSessionToken with session credentials")
	}
	v := newValidator(p)
	seconds := v.integer("DurationSeconds", minDurationSeconds, maxSessionDurationSeconds, defaultSessionDuration)
	v.str("SerialNumber", false, 9, 256, serialPattern(), false)
	v.str("TokenCode", false, 6, 6, tokenCodePattern(), true)
	if err := v.err(); err != nil {
		return nil, err
	}
	mfa, err := s.presentedMFALocked(c, p, msgMFASessionToken)
	if err != nil {
		return nil, err
	}
	cred := s.issueLocked(&issued{kind: KindSession, user: c.user, mfa: mfa}, seconds)
	var out getSessionTokenResponse
	out.Result.Credentials = s.answerCredentialsLocked(cred)
	out.ResponseMetadata.RequestId = requestID
	return out, nil
}

// assumeRole checks the role's trust policy (principal, external id, MFA)
// and the duration limits, then issues role credentials.
func (s *Server) assumeRole(c caller, p url.Values, requestID string) (any, *apiError) {
	v := newValidator(p)
	roleARN := v.str("RoleArn", true, 20, 2048, nil, false)
	sessionName := v.str("RoleSessionName", true, 2, 64, sessionNamePattern(), false)
	seconds := v.integer("DurationSeconds", minDurationSeconds, maxRoleDurationSeconds, defaultRoleDuration)
	externalID := v.str("ExternalId", false, 2, 1224, externalIDPattern(), false)
	v.str("SerialNumber", false, 9, 256, serialPattern(), false)
	v.str("TokenCode", false, 6, 6, tokenCodePattern(), true)
	sourceIdentity := v.str("SourceIdentity", false, 2, 64, sessionNamePattern(), false)
	if strings.HasPrefix(strings.ToLower(sourceIdentity), "aws:") {
		v.fail("sourceIdentity", sourceIdentity, false, "not start with the reserved prefix aws:")
	}
	policy, hasPolicy := v.value("Policy")
	if hasPolicy {
		v.str("Policy", false, 1, maxPolicyChars, policyPattern(), false)
	}
	v.members("PolicyArns", 10)
	v.tags()
	v.members("TransitiveTagKeys", 50)
	if err := v.err(); err != nil {
		return nil, err
	}
	if _, hasSerial := p["SerialNumber"]; hasSerial != p.Has("TokenCode") {
		return nil, accessDenied(msgMFABoth)
	}

	denied := notAuthorized(c.arn(), "sts:AssumeRole", roleARN)
	if c.cred != nil && c.cred.kind == KindFederation {
		// Federated sessions may only call GetCallerIdentity in this model.
		return nil, denied
	}
	r, ok := s.roles[roleARN]
	if !ok || !trusts(r, c) {
		return nil, denied
	}
	if r.Trust.ExternalID != "" && externalID != r.Trust.ExternalID {
		return nil, denied
	}
	if c.temporary() && seconds > chainedMaxDuration {
		return nil, validationError(msgChainingCap)
	}
	if time.Duration(seconds)*time.Second > r.MaxSessionDuration {
		return nil, validationError(msgMaxSession)
	}
	mfa, err := s.presentedMFALocked(c, p, msgMFAAssumeRole)
	if err != nil {
		return nil, err
	}
	if !mfa && c.cred != nil {
		// The MFA context of a session carries into the sessions it chains to.
		mfa = c.cred.mfa
	}
	if r.Trust.RequireMFA && !mfa {
		return nil, denied
	}
	if c.cred != nil && c.cred.sourceIdentity != "" {
		// A source identity, once set, sticks to the whole chain.
		if sourceIdentity != "" && sourceIdentity != c.cred.sourceIdentity {
			return nil, notAuthorized(c.arn(), "sts:SetSourceIdentity", roleARN)
		}
		sourceIdentity = c.cred.sourceIdentity
	}

	cred := s.issueLocked(&issued{
		kind:           KindRole,
		user:           c.user,
		mfa:            mfa,
		chained:        c.temporary(),
		role:           r,
		sessionName:    sessionName,
		policy:         policy,
		hasPolicy:      hasPolicy,
		sourceIdentity: sourceIdentity,
	}, seconds)
	var out assumeRoleResponse
	out.Result.SourceIdentity = sourceIdentity
	out.Result.AssumedRoleUser.Arn = cred.arn()
	out.Result.AssumedRoleUser.AssumedRoleId = cred.userID()
	out.Result.Credentials = s.answerCredentialsLocked(cred)
	out.Result.PackedPolicySize = packedPolicySize(policy, hasPolicy)
	out.ResponseMetadata.RequestId = requestID
	return out, nil
}

// getFederationToken issues federated-user credentials to an IAM user; the
// console accepts them, STS lets them call only GetCallerIdentity.
func (s *Server) getFederationToken(c caller, p url.Values, requestID string) (any, *apiError) {
	if c.temporary() {
		return nil, accessDenied("Cannot call GetFederationToken with session credentials")
	}
	v := newValidator(p)
	name := v.str("Name", true, 2, 32, sessionNamePattern(), false)
	seconds := v.integer("DurationSeconds", minDurationSeconds, maxSessionDurationSeconds, defaultSessionDuration)
	policy, hasPolicy := v.value("Policy")
	if hasPolicy {
		v.str("Policy", false, 1, maxPolicyChars, policyPattern(), false)
	}
	hasPolicyARNs := v.members("PolicyArns", 10) > 0
	v.tags()
	if err := v.err(); err != nil {
		return nil, err
	}
	cred := s.issueLocked(&issued{
		kind:      KindFederation,
		user:      c.user,
		fedName:   name,
		policy:    policy,
		hasPolicy: hasPolicy || hasPolicyARNs,
	}, seconds)
	var out getFederationTokenResponse
	out.Result.Credentials = s.answerCredentialsLocked(cred)
	out.Result.FederatedUser.Arn = cred.arn()
	out.Result.FederatedUser.FederatedUserId = cred.userID()
	out.Result.PackedPolicySize = packedPolicySize(policy, hasPolicy)
	out.ResponseMetadata.RequestId = requestID
	return out, nil
}

// presentedMFALocked validates SerialNumber + TokenCode when sent: both or
// neither, the serial must be the calling user's device and the code valid
// (and unused). It reports whether MFA was presented on this call.
// failMsg is the action's AWS message for a wrong serial or code.
func (s *Server) presentedMFALocked(c caller, p url.Values, failMsg string) (bool, *apiError) {
	serial, code := p.Get("SerialNumber"), p.Get("TokenCode")
	_, hasSerial := p["SerialNumber"]
	_, hasCode := p["TokenCode"]
	if hasSerial != hasCode {
		return false, accessDenied(msgMFABoth)
	}
	if !hasSerial {
		return false, nil
	}
	// Only a user (directly or through its session-token credentials)
	// owns a device; role and federated sessions have none to match.
	if c.cred != nil && c.cred.kind != KindSession {
		return false, accessDenied(failMsg)
	}
	dev := c.user.MFA
	if dev == nil || dev.Serial != serial || !s.checkCodeLocked(dev, code) {
		return false, accessDenied(failMsg)
	}
	return true, nil
}

// trusts reports whether the role's trust policy names the caller.
func trusts(r *role, c caller) bool {
	for _, p := range c.principals() {
		if slices.Contains(r.Trust.Principals, p) {
			return true
		}
	}
	return false
}

// issueLocked fills in fresh keys and the expiry and stores the credentials.
func (s *Server) issueLocked(c *issued, seconds int) *issued {
	c.akid = newAccessKeyID()
	c.secret = newSecret()
	c.token = newSessionToken()
	c.expires = s.now().Add(s.lifetime(seconds)).Truncate(time.Second)
	s.creds[c.akid] = c
	return c
}

// packedPolicySize is the percentage of the packed-policy limit a session
// policy uses (AWS compresses; the fake estimates by length), nil without one.
func packedPolicySize(policy string, has bool) *int {
	if !has {
		return nil
	}
	pct := (len(policy)*100 + maxPolicyChars - 1) / maxPolicyChars / 4
	if pct < 1 {
		pct = 1
	}
	return &pct
}
