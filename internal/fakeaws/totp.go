package fakeaws

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"time"
)

// totpStep is the RFC 6238 time step AWS virtual MFA devices use.
const totpStep = 30 * time.Second

// TOTP computes the 6-digit RFC 6238 code (HMAC-SHA1, 30-second step) of
// secret at time t: what an authenticator app shows for that seed.
func TOTP(secret []byte, t time.Time) string {
	return hotp(secret, totpCounter(t))
}

func totpCounter(t time.Time) int64 {
	return t.Unix() / int64(totpStep/time.Second)
}

// hotp is RFC 4226 with 6 digits.
func hotp(secret []byte, counter int64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(counter))
	mac := hmac.New(sha1.New, secret)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", bin%1_000_000)
}

// checkCodeLocked reports whether code is valid for the device now: it must
// match the current step or one step either side (clock drift), and, when
// reuse is rejected, that step must not have been used before. A valid code
// is consumed. Callers hold s.mu.
func (s *Server) checkCodeLocked(dev *MFADevice, code string) bool {
	now := totpCounter(s.now())
	used := s.usedSteps[dev.Serial]
	for step := now - 1; step <= now+1; step++ {
		if !hmac.Equal([]byte(hotp(dev.Secret, step)), []byte(code)) {
			continue
		}
		if s.rejectReuse && used[step] {
			return false
		}
		if used == nil {
			used = map[int64]bool{}
			s.usedSteps[dev.Serial] = used
		}
		used[step] = true
		for old := range used {
			if old < now-2 {
				delete(used, old)
			}
		}
		return true
	}
	return false
}
