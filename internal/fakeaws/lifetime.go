package fakeaws

import "time"

// WithLifetimeDivisor makes every temporary credential the fake issues live
// 1/n of the duration asked for (n <= 1 keeps AWS's lifetimes). Requests
// are still validated against the real bounds (15 minutes and up), so
// clients send what they would send to AWS; only the expiry shrinks. It lets
// a test live through a working day of one-hour role sessions and a
// twelve-hour MFA session in seconds, with credentials that really expire.
func WithLifetimeDivisor(n int) Option {
	return func(s *Server) {
		if n > 1 {
			s.lifetimeDivisor = n
		}
	}
}

// lifetime is how long credentials asked for with DurationSeconds = seconds
// live in this fake.
func (s *Server) lifetime(seconds int) time.Duration {
	d := time.Duration(seconds) * time.Second
	if s.lifetimeDivisor > 1 {
		d /= time.Duration(s.lifetimeDivisor)
	}
	return d
}
