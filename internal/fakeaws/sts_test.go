package fakeaws

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"
)

var ctx = context.Background()

func TestGetCallerIdentityByCredentialKind(t *testing.T) {
	s, _ := newOrg(t)
	sessionOut, err := alice(t, s).GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	wantNoError(t, err)
	roleOut, err := alice(t, s).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String(readOnlyARN), RoleSessionName: sdkaws.String("alice@example.com")})
	wantNoError(t, err)
	fedOut, err := alice(t, s).GetFederationToken(ctx, &sts.GetFederationTokenInput{Name: sdkaws.String("alice-console")})
	wantNoError(t, err)

	tests := []struct {
		name                 string
		client               *sts.Client
		wantARN, wantAccount string
		wantUserID           string // exact, or prefix when it ends in "*"
	}{
		{"IAM user", alice(t, s), "arn:aws:iam::111111111111:user/alice", identityAccount, "AIDA*"},
		{"IAM user with path", client(t, s, bobKey, bobSecret, ""), "arn:aws:iam::111111111111:user/contractors/bob", identityAccount, "AIDA*"},
		{"session token", using(t, s, sessionOut.Credentials), "arn:aws:iam::111111111111:user/alice", identityAccount, "AIDA*"},
		{"assumed role", using(t, s, roleOut.Credentials), "arn:aws:sts::222222222222:assumed-role/ReadOnly/alice@example.com", prodAccount, "AROA*:alice@example.com"},
		{"federated user", using(t, s, fedOut.Credentials), "arn:aws:sts::111111111111:federated-user/alice-console", identityAccount, "111111111111:alice-console"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := tt.client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			wantNoError(t, err)
			if got := sdkaws.ToString(out.Arn); got != tt.wantARN {
				t.Errorf("Arn = %q, want %q", got, tt.wantARN)
			}
			if got := sdkaws.ToString(out.Account); got != tt.wantAccount {
				t.Errorf("Account = %q, want %q", got, tt.wantAccount)
			}
			got := sdkaws.ToString(out.UserId)
			if prefix, suffix, wild := strings.Cut(tt.wantUserID, "*"); wild {
				if !strings.HasPrefix(got, prefix) || !strings.HasSuffix(got, suffix) || len(got) < len(prefix)+17 {
					t.Errorf("UserId = %q, want %s<17 chars>%s", got, prefix, suffix)
				}
			} else if got != tt.wantUserID {
				t.Errorf("UserId = %q, want %q", got, tt.wantUserID)
			}
		})
	}
	if got := sdkaws.ToString(roleOut.AssumedRoleUser.AssumedRoleId); !strings.HasPrefix(got, "AROA") {
		t.Errorf("AssumedRoleId = %q, want AROA…", got)
	}
	if got := sdkaws.ToString(fedOut.FederatedUser.FederatedUserId); got != "111111111111:alice-console" {
		t.Errorf("FederatedUserId = %q", got)
	}
}

func TestAuthentication(t *testing.T) {
	s, clk := newOrg(t)
	role, err := alice(t, s).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String(readOnlyARN), RoleSessionName: sdkaws.String("s1")})
	wantNoError(t, err)
	creds := role.Credentials
	expiring, err := alice(t, s).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String(readOnlyARN), RoleSessionName: sdkaws.String("s2")})
	wantNoError(t, err)
	s.Expire(*expiring.Credentials.AccessKeyId)

	tests := []struct {
		name          string
		client        *sts.Client
		status        int
		code, message string
	}{
		{"unknown access key", client(t, s, "AKIAUNKNOWN000000000", "x", ""), 403, "InvalidClientTokenId", msgInvalidClientToken},
		{"temporary key without token", client(t, s, *creds.AccessKeyId, *creds.SecretAccessKey, ""), 403, "InvalidClientTokenId", msgInvalidClientToken},
		{"temporary key with wrong token", client(t, s, *creds.AccessKeyId, *creds.SecretAccessKey, "bogus"), 403, "InvalidClientTokenId", msgInvalidClientToken},
		{"long-term key with a token", client(t, s, aliceKey, aliceSecret, *creds.SessionToken), 403, "InvalidClientTokenId", msgInvalidClientToken},
		{"expired by Expire", using(t, s, expiring.Credentials), 403, "ExpiredToken", msgExpiredToken},
		{"anonymous", clientWith(t, s, sdkaws.AnonymousCredentials{}), 403, "MissingAuthenticationToken", msgMissingAuth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			wantAPIError(t, err, tt.status, tt.code, tt.message)
		})
	}

	t.Run("expiry follows the injected clock", func(t *testing.T) {
		c := using(t, s, creds)
		clk.Advance(time.Hour - time.Second)
		_, err := c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		wantNoError(t, err)
		clk.Advance(time.Second)
		_, err = c.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		wantAPIError(t, err, 403, "ExpiredToken", msgExpiredToken)
	})
}

func TestGetSessionToken(t *testing.T) {
	longTermOnly := "Cannot call GetSessionToken with session credentials"
	tests := []struct {
		name          string
		in            func(code string) *sts.GetSessionTokenInput
		caller        func(t *testing.T, s *Server) *sts.Client
		status        int // 0 = success
		code, message string
		wantDuration  time.Duration
		wantMFA       bool
	}{
		{name: "default twelve hours without MFA", in: func(string) *sts.GetSessionTokenInput { return &sts.GetSessionTokenInput{} },
			wantDuration: 12 * time.Hour},
		{name: "with MFA", in: func(code string) *sts.GetSessionTokenInput {
			return &sts.GetSessionTokenInput{SerialNumber: sdkaws.String(aliceSerial), TokenCode: sdkaws.String(code), DurationSeconds: sdkaws.Int32(129600)}
		}, wantDuration: 36 * time.Hour, wantMFA: true},
		{name: "minimum duration", in: func(string) *sts.GetSessionTokenInput {
			return &sts.GetSessionTokenInput{DurationSeconds: sdkaws.Int32(900)}
		},
			wantDuration: 15 * time.Minute},
		{name: "duration too short", in: func(string) *sts.GetSessionTokenInput {
			return &sts.GetSessionTokenInput{DurationSeconds: sdkaws.Int32(899)}
		},
			status: 400, code: "ValidationError", message: "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"},
		{name: "duration too long", in: func(string) *sts.GetSessionTokenInput {
			return &sts.GetSessionTokenInput{DurationSeconds: sdkaws.Int32(129601)}
		},
			status: 400, code: "ValidationError", message: "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600"},
		{name: "wrong code", in: func(code string) *sts.GetSessionTokenInput {
			return &sts.GetSessionTokenInput{SerialNumber: sdkaws.String(aliceSerial), TokenCode: sdkaws.String(wrongCode(code))}
		}, status: 403, code: "AccessDenied", message: msgMFASessionToken},
		{name: "serial of nobody", in: func(code string) *sts.GetSessionTokenInput {
			return &sts.GetSessionTokenInput{SerialNumber: sdkaws.String("arn:aws:iam::111111111111:mfa/other"), TokenCode: sdkaws.String(code)}
		}, status: 403, code: "AccessDenied", message: msgMFASessionToken},
		{name: "user without a device", caller: func(t *testing.T, s *Server) *sts.Client { return client(t, s, bobKey, bobSecret, "") },
			in: func(code string) *sts.GetSessionTokenInput {
				return &sts.GetSessionTokenInput{SerialNumber: sdkaws.String(aliceSerial), TokenCode: sdkaws.String(code)}
			}, status: 403, code: "AccessDenied", message: msgMFASessionToken},
		{name: "serial without code", in: func(string) *sts.GetSessionTokenInput {
			return &sts.GetSessionTokenInput{SerialNumber: sdkaws.String(aliceSerial)}
		}, status: 403, code: "AccessDenied", message: msgMFABoth},
		{name: "code without serial", in: func(code string) *sts.GetSessionTokenInput {
			return &sts.GetSessionTokenInput{TokenCode: sdkaws.String(code)}
		},
			status: 403, code: "AccessDenied", message: msgMFABoth},
		{name: "five-digit code", in: func(code string) *sts.GetSessionTokenInput {
			return &sts.GetSessionTokenInput{SerialNumber: sdkaws.String(aliceSerial), TokenCode: sdkaws.String(code[:5])}
		}, status: 400, code: "ValidationError", message: "1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member must have length greater than or equal to 6"},
		{name: "letters in code", in: func(string) *sts.GetSessionTokenInput {
			return &sts.GetSessionTokenInput{SerialNumber: sdkaws.String(aliceSerial), TokenCode: sdkaws.String("12a456")}
		}, status: 400, code: "ValidationError", message: `1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\d]*`},
		{name: "temporary caller", caller: func(t *testing.T, s *Server) *sts.Client {
			out, err := alice(t, s).GetSessionToken(ctx, &sts.GetSessionTokenInput{})
			wantNoError(t, err)
			return using(t, s, out.Credentials)
		}, in: func(string) *sts.GetSessionTokenInput { return &sts.GetSessionTokenInput{} },
			status: 403, code: "AccessDenied", message: longTermOnly},
		{name: "role caller", caller: func(t *testing.T, s *Server) *sts.Client {
			out, err := alice(t, s).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String(readOnlyARN), RoleSessionName: sdkaws.String("x1")})
			wantNoError(t, err)
			return using(t, s, out.Credentials)
		}, in: func(string) *sts.GetSessionTokenInput { return &sts.GetSessionTokenInput{} },
			status: 403, code: "AccessDenied", message: longTermOnly},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, clk := newOrg(t)
			c := alice(t, s)
			if tt.caller != nil {
				c = tt.caller(t, s)
			}
			out, err := c.GetSessionToken(ctx, tt.in(s.Code(aliceSerial, clk.Now())))
			if tt.status != 0 {
				wantAPIError(t, err, tt.status, tt.code, tt.message)
				return
			}
			wantNoError(t, err)
			creds := out.Credentials
			if got, want := sdkaws.ToTime(creds.Expiration), start.Add(tt.wantDuration); !got.Equal(want) {
				t.Errorf("Expiration = %v, want %v", got, want)
			}
			if !strings.HasPrefix(*creds.AccessKeyId, "ASIA") || len(*creds.AccessKeyId) != 20 {
				t.Errorf("AccessKeyId = %q, want ASIA + 16", *creds.AccessKeyId)
			}
			if len(*creds.SecretAccessKey) != 40 || *creds.SessionToken == "" {
				t.Errorf("secret has %d chars, token %d", len(*creds.SecretAccessKey), len(*creds.SessionToken))
			}
			info, ok := s.Issued(*creds.AccessKeyId)
			if !ok || info.Kind != KindSession || info.MFAAuthenticated != tt.wantMFA || info.Chained {
				t.Errorf("Issued = %+v, %v; want session, MFA %v", info, ok, tt.wantMFA)
			}
		})
	}
}

// wrongCode returns a valid-looking code different from code.
func wrongCode(code string) string {
	if code == "000000" {
		return "000001"
	}
	return "000000"
}

func TestMFACodeWindowAndReuse(t *testing.T) {
	gst := func(c *sts.Client, code string) error {
		_, err := c.GetSessionToken(ctx, &sts.GetSessionTokenInput{SerialNumber: sdkaws.String(aliceSerial), TokenCode: sdkaws.String(code)})
		return err
	}
	t.Run("previous and next steps are accepted, two steps away is not", func(t *testing.T) {
		s, clk := newOrg(t)
		c := alice(t, s)
		wantNoError(t, gst(c, s.Code(aliceSerial, clk.Now().Add(-30*time.Second))))
		wantNoError(t, gst(c, s.Code(aliceSerial, clk.Now().Add(30*time.Second))))
		wantAPIError(t, gst(c, s.Code(aliceSerial, clk.Now().Add(-60*time.Second))), 403, "AccessDenied", msgMFASessionToken)
		wantAPIError(t, gst(c, s.Code(aliceSerial, clk.Now().Add(90*time.Second))), 403, "AccessDenied", msgMFASessionToken)
	})
	t.Run("a code cannot be used twice", func(t *testing.T) {
		s, clk := newOrg(t)
		c := alice(t, s)
		code := s.Code(aliceSerial, clk.Now())
		wantNoError(t, gst(c, code))
		wantAPIError(t, gst(c, code), 403, "AccessDenied", msgMFASessionToken)
		clk.Advance(30 * time.Second)
		wantNoError(t, gst(c, s.Code(aliceSerial, clk.Now())))
	})
	t.Run("reuse allowed when configured", func(t *testing.T) {
		s, clk := newOrg(t, WithRejectReuse(false))
		c := alice(t, s)
		code := s.Code(aliceSerial, clk.Now())
		wantNoError(t, gst(c, code))
		wantNoError(t, gst(c, code))
	})
	t.Run("unknown serial has no code", func(t *testing.T) {
		s, clk := newOrg(t)
		if got := s.Code("arn:aws:iam::111111111111:mfa/nobody", clk.Now()); got != "" {
			t.Errorf("Code = %q, want empty", got)
		}
	})
}

func TestAssumeRole(t *testing.T) {
	type call struct {
		caller func(t *testing.T, s *Server, code string) *sts.Client // nil = alice's keys
		in     func(code string) *sts.AssumeRoleInput
	}
	ar := func(arn, session string, mod ...func(*sts.AssumeRoleInput)) func(string) *sts.AssumeRoleInput {
		return func(string) *sts.AssumeRoleInput {
			in := &sts.AssumeRoleInput{RoleArn: sdkaws.String(arn), RoleSessionName: sdkaws.String(session)}
			for _, m := range mod {
				m(in)
			}
			return in
		}
	}
	withMFA := func(codeFn func(string) string) func(string) *sts.AssumeRoleInput {
		return func(code string) *sts.AssumeRoleInput {
			return &sts.AssumeRoleInput{RoleArn: sdkaws.String(adminARN), RoleSessionName: sdkaws.String("alice"),
				SerialNumber: sdkaws.String(aliceSerial), TokenCode: sdkaws.String(codeFn(code))}
		}
	}
	same := func(c string) string { return c }
	duration := func(d int32) func(*sts.AssumeRoleInput) {
		return func(in *sts.AssumeRoleInput) { in.DurationSeconds = sdkaws.Int32(d) }
	}
	externalID := func(x string) func(*sts.AssumeRoleInput) {
		return func(in *sts.AssumeRoleInput) { in.ExternalId = sdkaws.String(x) }
	}
	keys := func(akid, secret string) func(*testing.T, *Server, string) *sts.Client {
		return func(t *testing.T, s *Server, _ string) *sts.Client { return client(t, s, akid, secret, "") }
	}
	sessionCreds := func(withMFA bool) func(*testing.T, *Server, string) *sts.Client {
		return func(t *testing.T, s *Server, code string) *sts.Client {
			in := &sts.GetSessionTokenInput{}
			if withMFA {
				in.SerialNumber, in.TokenCode = sdkaws.String(aliceSerial), sdkaws.String(code)
			}
			out, err := alice(t, s).GetSessionToken(ctx, in)
			wantNoError(t, err)
			return using(t, s, out.Credentials)
		}
	}
	roleCreds := func(arn string) func(*testing.T, *Server, string) *sts.Client {
		return func(t *testing.T, s *Server, _ string) *sts.Client {
			out, err := alice(t, s).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String(arn), RoleSessionName: sdkaws.String("hop")})
			wantNoError(t, err)
			return using(t, s, out.Credentials)
		}
	}
	denied := func(caller, role string) string {
		return "User: " + caller + " is not authorized to perform: sts:AssumeRole on resource: " + role
	}
	aliceARN := "arn:aws:iam::111111111111:user/alice"

	tests := []struct {
		name          string
		call          call
		status        int
		code, message string
		wantARN       string
		wantDuration  time.Duration
		wantMFA       bool
		wantChained   bool
	}{
		{name: "trusted by user ARN, default one hour", call: call{in: ar(readOnlyARN, "alice")},
			wantARN: "arn:aws:sts::222222222222:assumed-role/ReadOnly/alice", wantDuration: time.Hour},
		{name: "role with path uses the bare name", call: call{caller: roleCreds(readOnlyARN), in: ar(deployARN, "ci-run")},
			wantARN: "arn:aws:sts::333333333333:assumed-role/Deploy/ci-run", wantDuration: time.Hour, wantChained: true},
		{name: "MFA on the call", call: call{in: withMFA(same)},
			wantARN: "arn:aws:sts::222222222222:assumed-role/Admin/alice", wantDuration: time.Hour, wantMFA: true},
		{name: "MFA through session credentials", call: call{caller: sessionCreds(true), in: ar(adminARN, "alice")},
			wantARN: "arn:aws:sts::222222222222:assumed-role/Admin/alice", wantDuration: time.Hour, wantMFA: true, wantChained: true},
		{name: "MFA required but absent", call: call{in: ar(adminARN, "alice")},
			status: 403, code: "AccessDenied", message: denied(aliceARN, adminARN)},
		{name: "session credentials without MFA do not satisfy MFA", call: call{caller: sessionCreds(false), in: ar(adminARN, "alice")},
			status: 403, code: "AccessDenied", message: denied(aliceARN, adminARN)},
		{name: "wrong MFA code", call: call{in: withMFA(wrongCode)},
			status: 403, code: "AccessDenied", message: msgMFAAssumeRole},
		{name: "MFA serial of another user", call: call{caller: keys(bobKey, bobSecret), in: withMFA(same)},
			status: 403, code: "AccessDenied", message: msgMFAAssumeRole},
		{name: "serial without code", call: call{in: ar(adminARN, "alice", func(in *sts.AssumeRoleInput) { in.SerialNumber = sdkaws.String(aliceSerial) })},
			status: 403, code: "AccessDenied", message: msgMFABoth},
		{name: "twelve hours within MaxSessionDuration", call: call{in: ar(longARN, "alice", duration(43200))},
			wantARN: "arn:aws:sts::222222222222:assumed-role/LongSessions/alice", wantDuration: 12 * time.Hour},
		{name: "above MaxSessionDuration", call: call{in: ar(readOnlyARN, "alice", duration(3601))},
			status: 400, code: "ValidationError", message: msgMaxSession},
		{name: "above 12 hours", call: call{in: ar(longARN, "alice", duration(43201))},
			status: 400, code: "ValidationError", message: "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"},
		{name: "below 15 minutes", call: call{in: ar(readOnlyARN, "alice", duration(899))},
			status: 400, code: "ValidationError", message: "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"},
		{name: "chaining capped at one hour", call: call{caller: roleCreds(readOnlyARN), in: ar(deployARN, "ci", duration(3601))},
			status: 400, code: "ValidationError", message: msgChainingCap},
		{name: "session credentials count as chaining", call: call{caller: sessionCreds(true), in: ar(longARN, "alice", duration(7200))},
			status: 400, code: "ValidationError", message: msgChainingCap},
		{name: "external id matches", call: call{in: ar(partnerARN, "alice", externalID("ext-123"))},
			wantARN: "arn:aws:sts::222222222222:assumed-role/Partner/alice", wantDuration: time.Hour},
		{name: "external id missing", call: call{in: ar(partnerARN, "alice")},
			status: 403, code: "AccessDenied", message: denied(aliceARN, partnerARN)},
		{name: "external id wrong", call: call{in: ar(partnerARN, "alice", externalID("ext-999"))},
			status: 403, code: "AccessDenied", message: denied(aliceARN, partnerARN)},
		{name: "external id too short", call: call{in: ar(partnerARN, "alice", externalID("x"))},
			status: 400, code: "ValidationError", message: "1 validation error detected: Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		{name: "untrusted account", call: call{caller: keys(eveKey, eveSecret), in: ar(readOnlyARN, "eve")},
			status: 403, code: "AccessDenied", message: denied("arn:aws:iam::999999999999:user/eve", readOnlyARN)},
		{name: "user not named in trust", call: call{caller: keys(bobKey, bobSecret), in: ar(readOnlyARN, "bob")},
			status: 403, code: "AccessDenied", message: denied("arn:aws:iam::111111111111:user/contractors/bob", readOnlyARN)},
		{name: "chaining from a role the trust does not name", call: call{caller: roleCreds(longARN), in: ar(deployARN, "ci")},
			status: 403, code: "AccessDenied", message: denied("arn:aws:sts::222222222222:assumed-role/LongSessions/hop", deployARN)},
		{name: "unknown role looks like a denial", call: call{in: ar("arn:aws:iam::222222222222:role/Nope", "alice")},
			status: 403, code: "AccessDenied", message: denied(aliceARN, "arn:aws:iam::222222222222:role/Nope")},
		{name: "session name too short", call: call{in: ar(readOnlyARN, "a")},
			status: 400, code: "ValidationError", message: "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		{name: "session name with a space", call: call{in: ar(readOnlyARN, "alice smith")},
			status: 400, code: "ValidationError", message: `1 validation error detected: Value 'alice smith' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*`},
		{name: "session name too long", call: call{in: ar(readOnlyARN, strings.Repeat("a", 65))},
			status: 400, code: "ValidationError"},
		{name: "role ARN too short", call: call{in: ar("arn:aws:iam::1:r", "alice")},
			status: 400, code: "ValidationError", message: "1 validation error detected: Value 'arn:aws:iam::1:r' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20"},
		{name: "two violations reported together", call: call{in: ar("arn:aws:iam::1:r", "a")},
			status: 400, code: "ValidationError", message: "2 validation errors detected: Value 'arn:aws:iam::1:r' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20; Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		{name: "source identity reserved prefix", call: call{in: ar(readOnlyARN, "alice", func(in *sts.AssumeRoleInput) { in.SourceIdentity = sdkaws.String("aws:me") })},
			status: 400, code: "ValidationError"},
		{name: "policy too long", call: call{in: ar(readOnlyARN, "alice", func(in *sts.AssumeRoleInput) { in.Policy = sdkaws.String(strings.Repeat("x", 2049)) })},
			status: 400, code: "ValidationError"},
		{name: "federated caller", call: call{caller: func(t *testing.T, s *Server, _ string) *sts.Client {
			out, err := alice(t, s).GetFederationToken(ctx, &sts.GetFederationTokenInput{Name: sdkaws.String("fed")})
			wantNoError(t, err)
			return using(t, s, out.Credentials)
		}, in: ar(readOnlyARN, "alice")},
			status: 403, code: "AccessDenied", message: denied("arn:aws:sts::111111111111:federated-user/fed", readOnlyARN)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, clk := newOrg(t)
			c := alice(t, s)
			if tt.call.caller != nil {
				c = tt.call.caller(t, s, s.Code(aliceSerial, clk.Now()))
				clk.Advance(30 * time.Second) // a fresh MFA code for the call itself
			}
			out, err := c.AssumeRole(ctx, tt.call.in(s.Code(aliceSerial, clk.Now())))
			if tt.status != 0 {
				wantAPIError(t, err, tt.status, tt.code, tt.message)
				return
			}
			wantNoError(t, err)
			if got := sdkaws.ToString(out.AssumedRoleUser.Arn); got != tt.wantARN {
				t.Errorf("AssumedRoleUser.Arn = %q, want %q", got, tt.wantARN)
			}
			if got, want := sdkaws.ToTime(out.Credentials.Expiration), clk.Now().Add(tt.wantDuration); !got.Equal(want) {
				t.Errorf("Expiration = %v, want %v", got, want)
			}
			info, ok := s.Issued(*out.Credentials.AccessKeyId)
			if !ok || info.Kind != KindRole || info.MFAAuthenticated != tt.wantMFA || info.Chained != tt.wantChained || info.ARN != tt.wantARN {
				t.Errorf("Issued = %+v, %v; want role %s, MFA %v, chained %v", info, ok, tt.wantARN, tt.wantMFA, tt.wantChained)
			}
		})
	}
}

func TestAssumeRoleCarriesMFAAndSourceIdentityDownTheChain(t *testing.T) {
	s, clk := newOrg(t,
		WithRole(Role{ARN: "arn:aws:iam::333333333333:role/Break", Trust: Trust{Principals: []string{adminARN}, RequireMFA: true}}))
	first, err := alice(t, s).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: sdkaws.String(adminARN), RoleSessionName: sdkaws.String("alice"), SourceIdentity: sdkaws.String("alice@corp"),
		SerialNumber: sdkaws.String(aliceSerial), TokenCode: sdkaws.String(s.Code(aliceSerial, clk.Now())),
	})
	wantNoError(t, err)
	if got := sdkaws.ToString(first.SourceIdentity); got != "alice@corp" {
		t.Errorf("SourceIdentity = %q", got)
	}
	hop := using(t, s, first.Credentials)
	second, err := hop.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String("arn:aws:iam::333333333333:role/Break"), RoleSessionName: sdkaws.String("alice")})
	wantNoError(t, err)
	info, _ := s.Issued(*second.Credentials.AccessKeyId)
	if !info.MFAAuthenticated || !info.Chained || info.SourceIdentity != "alice@corp" {
		t.Errorf("chained session = %+v, want MFA, chained, source identity kept", info)
	}
	_, err = hop.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String("arn:aws:iam::333333333333:role/Break"),
		RoleSessionName: sdkaws.String("alice"), SourceIdentity: sdkaws.String("mallory")})
	wantAPIError(t, err, 403, "AccessDenied", "User: arn:aws:sts::222222222222:assumed-role/Admin/alice is not authorized to perform: sts:SetSourceIdentity on resource: arn:aws:iam::333333333333:role/Break")
	// MFA on the call is validated against a user's device; a role session has none.
	_, err = hop.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: sdkaws.String("arn:aws:iam::333333333333:role/Break"), RoleSessionName: sdkaws.String("alice"),
		SerialNumber: sdkaws.String(aliceSerial), TokenCode: sdkaws.String(s.Code(aliceSerial, clk.Now().Add(30*time.Second)))})
	wantAPIError(t, err, 403, "AccessDenied", msgMFAAssumeRole)
}

func TestGetFederationToken(t *testing.T) {
	s, _ := newOrg(t)
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	out, err := alice(t, s).GetFederationToken(ctx, &sts.GetFederationTokenInput{Name: sdkaws.String("alice-console"), Policy: sdkaws.String(policy), DurationSeconds: sdkaws.Int32(3600)})
	wantNoError(t, err)
	if got, want := sdkaws.ToTime(out.Credentials.Expiration), start.Add(time.Hour); !got.Equal(want) {
		t.Errorf("Expiration = %v, want %v", got, want)
	}
	if got := sdkaws.ToString(out.FederatedUser.Arn); got != "arn:aws:sts::111111111111:federated-user/alice-console" {
		t.Errorf("FederatedUser.Arn = %q", got)
	}
	if out.PackedPolicySize == nil || *out.PackedPolicySize < 1 {
		t.Errorf("PackedPolicySize = %v, want a percentage", out.PackedPolicySize)
	}
	info, _ := s.Issued(*out.Credentials.AccessKeyId)
	if info.Kind != KindFederation || info.Policy != policy {
		t.Errorf("Issued = %+v, want federation with the policy recorded", info)
	}

	fed := using(t, s, out.Credentials)
	_, err = fed.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantNoError(t, err)
	_, err = fed.GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	wantAPIError(t, err, 403, "AccessDenied", "Cannot call GetSessionToken with session credentials")
	_, err = fed.GetFederationToken(ctx, &sts.GetFederationTokenInput{Name: sdkaws.String("again")})
	wantAPIError(t, err, 403, "AccessDenied", "Cannot call GetFederationToken with session credentials")

	tests := []struct {
		name    string
		in      *sts.GetFederationTokenInput
		message string
	}{
		{"name too short", &sts.GetFederationTokenInput{Name: sdkaws.String("a")},
			"1 validation error detected: Value 'a' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		{"name too long", &sts.GetFederationTokenInput{Name: sdkaws.String(strings.Repeat("n", 33))},
			"1 validation error detected: Value '" + strings.Repeat("n", 33) + "' at 'name' failed to satisfy constraint: Member must have length less than or equal to 32"},
		{"duration too long", &sts.GetFederationTokenInput{Name: sdkaws.String("ok"), DurationSeconds: sdkaws.Int32(129601)},
			"1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600"},
		{"too many policy ARNs", &sts.GetFederationTokenInput{Name: sdkaws.String("ok"), PolicyArns: make([]types.PolicyDescriptorType, 11)},
			"1 validation error detected: Value '11 items' at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.in.PolicyArns {
				tt.in.PolicyArns[i].Arn = sdkaws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")
			}
			_, err := alice(t, s).GetFederationToken(ctx, tt.in)
			wantAPIError(t, err, http.StatusBadRequest, "ValidationError", tt.message)
		})
	}
}
