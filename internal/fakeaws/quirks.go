package fakeaws

import "time"

// Quirks are well-formed answers that a broken AWS, or a proxy in between,
// could give, so tests can check what a client does with what it is
// handed. The zero Quirks means none. The model is unchanged: issued
// credentials work (and expire) as usual; only the answer lies.
type Quirks struct {
	// ExpirationShift moves the Expiration written in every answer that
	// issues credentials by this much (negative: already expired, or
	// expiring implausibly far away when large).
	ExpirationShift time.Duration
	// NoSessionToken leaves SessionToken out of those answers.
	NoSessionToken bool
}

// SetQuirks installs quirks for the answers that follow, replacing any
// earlier ones. SetQuirks(Quirks{}) clears them.
func (s *Server) SetQuirks(q Quirks) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.quirks = q
}

// answerCredentialsLocked is the Credentials element for c, with the
// quirks applied. Callers hold s.mu.
func (s *Server) answerCredentialsLocked(c *issued) xmlCredentials {
	x := credentialsXML(c)
	if s.quirks.ExpirationShift != 0 {
		x.Expiration = c.expires.Add(s.quirks.ExpirationShift).UTC().Format(time.RFC3339)
	}
	if s.quirks.NoSessionToken {
		x.SessionToken = ""
	}
	return x
}
