package config

import (
	"crypto/sha256"
	"encoding/hex"
)

// credentialIdentity lists the keys that say which credentials a profile's
// own credentials are: the access key id (never the secret: a new key pair
// has a new id), the credential_process command, the SSO account and role,
// the web identity token file.
var credentialIdentity = [...]awsKey{
	keyAccessKeyID, keyProcess, keySSOSession, keySSOStartURL, keySSOAccountID, keySSORoleName,
	keyWebIdentity, keyLoginSession,
}

// credentialsID is a short digest of p's credentialIdentity keys, for
// Target.CredentialsID. It holds nothing that can be turned back into a key.
func (p *awsProfile) credentialsID() string {
	h := sha256.New()
	for _, k := range credentialIdentity {
		h.Write([]byte(k.String()))
		h.Write([]byte{0})
		h.Write([]byte(p.get(k)))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
