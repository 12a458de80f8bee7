package launch

import (
	"encoding/json"
	"fmt"
	"io"
)

// processOutput is the credential_process contract (Version 1), field for
// field: an SDK rejects any other version and treats a missing Expiration
// as "never expires", so Expiration is left out only for such credentials.
type processOutput struct {
	Version         int    `json:"Version"`
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string `json:"SecretAccessKey"`
	SessionToken    string `json:"SessionToken,omitempty"`
	Expiration      string `json:"Expiration,omitempty"`
	AccountID       string `json:"AccountId,omitempty"`
}

// WriteProcessJSON writes the session as the one line of JSON an AWS SDK
// expects from a credential_process command:
//
//	{"Version":1,"AccessKeyId":…,"SecretAccessKey":…,"SessionToken":…,"Expiration":"2030-01-01T00:00:00Z","AccountId":…}
//
// SessionToken is omitted for long-term keys, Expiration when the
// credentials cannot expire and AccountId when unknown. It writes only to w.
func WriteProcessJSON(w io.Writer, s Session) error {
	if err := s.Validate(); err != nil {
		return err
	}
	out := processOutput{
		Version:         1,
		AccessKeyID:     s.Credentials.AccessKeyID,
		SecretAccessKey: s.Credentials.SecretAccessKey,
		SessionToken:    s.Credentials.SessionToken,
		Expiration:      s.expiration(),
		AccountID:       s.accountID(),
	}
	b, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("encode credential_process output: %w", err)
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("write credential_process output: %w", err)
	}
	return nil
}
