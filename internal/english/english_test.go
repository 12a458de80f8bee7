package english

import (
	"testing"
	"time"
)

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n    int
		noun string
		irr  []string
		want string
	}{
		{0, "source", nil, "0 sources"},
		{1, "source", nil, "1 source"},
		{2, "MFA device", nil, "2 MFA devices"},
		{1, "MFA device", nil, "1 MFA device"},
		{1, "cached session", nil, "1 cached session"},
		{3, "match", []string{"matches"}, "3 matches"},
	} {
		if got := Count(tc.n, tc.noun, tc.irr...); got != tc.want {
			t.Errorf("Count(%d, %q) = %q, want %q", tc.n, tc.noun, got, tc.want)
		}
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                                     "0s",
		300 * time.Millisecond:                "300ms",
		45 * time.Second:                      "45s",
		90 * time.Second:                      "1m30s",
		59 * time.Minute:                      "59m",
		time.Hour:                             "1h",
		2*time.Hour + 5*time.Minute:           "2h05m",
		12 * time.Hour:                        "12h",
		36 * time.Hour:                        "36h",
		time.Hour + 30*time.Second:            "1h00m30s",
		59*time.Minute + 400*time.Millisecond: "59m",
		-5 * time.Minute:                      "-5m",
	} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestRemaining(t *testing.T) {
	for d, want := range map[time.Duration]string{
		59*time.Minute + 59*time.Second:              "59m",
		2*time.Hour + 5*time.Minute + 59*time.Second: "2h05m",
		time.Hour:        "1h",
		30 * time.Second: "<1m",
		0:                "<1m",
		-time.Hour:       "<1m",
	} {
		if got := Remaining(d); got != want {
			t.Errorf("Remaining(%v) = %q, want %q", d, got, want)
		}
	}
}
