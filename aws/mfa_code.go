package aws

// ValidMFACode reports whether code looks like what an MFA device shows (six
// ASCII digits), so that callers can refuse a mistyped --mfa-code before any
// AWS call with the rule the engine itself applies.
func ValidMFACode(code string) bool { return validCode(code) }
