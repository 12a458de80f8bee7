package listing

import (
	"encoding/json"
	"io"
	"unicode/utf8"

	"github.com/switchrole/switchrole/config"
)

// writeJSON prints the targets in order as a JSON array of targetJSON, as
// encoding/json's Encoder with a two-space indent prints it, byte for byte
// (TestJSONAsEncodingJSON). It writes each target's object straight from
// the Target (filled in turn into scratch memory, so 100,000 of them are
// never built at once) rather than through reflection: that took a fifth
// of `list --filter --json` over 10,000 profiles.
func writeJSON(w io.Writer, idx *config.Index, order []int) error {
	if len(order) == 0 {
		_, err := io.WriteString(w, "[]\n")
		return err
	}
	objs := make([][]byte, len(order))
	fillEach(idx, order, func(k int, t *config.Target) { objs[k] = appendTargetJSON(nil, t, k == len(order)-1) })
	if _, err := io.WriteString(w, "[\n"); err != nil {
		return err
	}
	for _, b := range objs {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]\n")
	return err
}

// appendTargetJSON appends t's object, indented as an element of the array
// (last: no comma after it).
func appendTargetJSON(dst []byte, t *config.Target, last bool) []byte {
	field := func(name, value string, more bool) {
		dst = append(dst, "    \""...)
		dst = append(dst, name...)
		dst = append(dst, "\": "...)
		dst = appendJSONString(dst, value)
		if more {
			dst = append(dst, ',')
		}
		dst = append(dst, '\n')
	}
	dst = append(dst, "  {\n"...)
	field("name", t.Name, true)
	field("kind", string(t.Kind), true)
	field("account", t.Account, true)
	field("account_id", t.AccountID, true)
	field("role", t.Role, true)
	field("role_arn", t.RoleARN, true)
	field("source", t.Source, true)
	field("mfa_serial", t.MFASerial, true)
	field("region", t.Region, true)
	field("color", t.Color, true)
	field("origin", t.Origin.String(), true)
	field("from", t.From(), t.Problem != nil)
	if t.Problem != nil {
		field("problem", t.Problem.Error(), false)
	}
	dst = append(dst, "  }"...)
	if !last {
		dst = append(dst, ',')
	}
	return append(dst, '\n')
}

// appendJSONString appends s as encoding/json writes a string: the common
// one (printable ASCII that needs no escape) copied, any other through
// encoding/json itself.
func appendJSONString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s)
			return append(dst, b...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}
