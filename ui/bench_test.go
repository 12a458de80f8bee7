package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/switchrole/switchrole/config"
)

// orgTargets generates n targets shaped like a large organisation: accounts
// of 50 roles each, names like prod-core-12/Admin.
func orgTargets(n int) []*config.Target {
	roles := []string{"Admin", "ReadOnly", "Developer", "Billing", "SecurityAudit", "DataScientist", "NetworkAdmin", "Support", "PowerUser", "Operator"}
	envs := []string{"prod", "staging", "dev", "sandbox", "shared", "audit", "data", "ml", "edge", "core"}
	out := make([]*config.Target, 0, n)
	for i := 0; len(out) < n; i++ {
		account := fmt.Sprintf("%s-%s-%d", envs[i%len(envs)], envs[(i/len(envs))%len(envs)], i)
		id := fmt.Sprintf("%012d", 100000000000+i)
		for r := 0; r < 50 && len(out) < n; r++ {
			role := roles[r%len(roles)]
			if r >= len(roles) {
				role = fmt.Sprintf("%s%d", role, r/len(roles))
			}
			out = append(out, &config.Target{
				Name: account + "/" + role, Kind: config.KindRole, Account: account, AccountID: id,
				Role: role, Region: "eu-west-1", Source: "jump", MFASerial: mfaSerial,
				Color: "#ff8800", Tags: []string{envs[i%len(envs)]},
			})
		}
	}
	return out
}

func benchModel(b *testing.B, n int) Model {
	b.Helper()
	be := newFakeBackend()
	return NewModel(context.Background(), Options{
		Targets:   orgTargets(n),
		Backend:   be,
		StatePath: filepath.Join(b.TempDir(), "state.json"),
		Identity:  "jump: arn:aws:iam::111111111111:user/alice",
	})
}

// BenchmarkKeystroke is one key typed into the filter of 100,000 targets
// plus the redraw: the cycle types "prdad" then erases it, so half the
// keystrokes narrow and half widen the match set.
func BenchmarkKeystroke(b *testing.B) {
	var m tea.Model = benchModel(b, 100_000)
	m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	var keys []tea.KeyPressMsg
	for _, r := range "prdad" {
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	for range 5 {
		keys = append(keys, tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m, _ = m.Update(keys[i%len(keys)])
		_ = m.View()
		i++
	}
}

// BenchmarkFirstFrame is building the picker for 10,000 targets and drawing
// its first screen.
func BenchmarkFirstFrame(b *testing.B) {
	targets := orgTargets(10_000)
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		var m tea.Model = NewModel(context.Background(), Options{
			Targets: targets, Backend: newFakeBackend(), StatePath: filepath.Join(dir, "state.json"),
		})
		m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		_ = m.View()
	}
}

// BenchmarkFirstFrame100k is the same for 100,000 targets.
func BenchmarkFirstFrame100k(b *testing.B) {
	targets := orgTargets(100_000)
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		var m tea.Model = NewModel(context.Background(), Options{
			Targets: targets, Backend: newFakeBackend(), StatePath: filepath.Join(dir, "state.json"),
		})
		m, _ = m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		_ = m.View()
	}
}
