package config

import (
	"testing"

	"github.com/switchrole/switchrole/config/configtest"
)

// BenchmarkLoadTOML100k loads a 2,000-account × 50-role TOML file (100,000
// role targets) next to a small ~/.aws/config.
func BenchmarkLoadTOML100k(b *testing.B) {
	opts, _ := write(b, files{aws: string(configtest.GenerateAWSConfig(1)), toml: string(configtest.GenerateTOML(benchAccounts, 50))})
	b.ReportAllocs()
	for b.Loop() {
		c, err := Load(opts)
		if err != nil || len(c.Targets) != benchAccounts*50+1 {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadIndexTOML100k is BenchmarkLoadTOML100k through LoadIndex, as
// `switchrole list --filter` and the credential commands load: no role
// target is built.
func BenchmarkLoadIndexTOML100k(b *testing.B) {
	opts, _ := write(b, files{aws: string(configtest.GenerateAWSConfig(1)), toml: string(configtest.GenerateTOML(benchAccounts, 50))})
	b.ReportAllocs()
	for b.Loop() {
		x, err := LoadIndex(opts)
		if err != nil || x.Len() != benchAccounts*50+1 {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadAWSConfig2000 loads a 2,000-profile ~/.aws/config.
func BenchmarkLoadAWSConfig2000(b *testing.B) {
	opts, _ := write(b, files{aws: string(configtest.GenerateAWSConfig(2000))})
	b.ReportAllocs()
	for b.Loop() {
		c, err := Load(opts)
		if err != nil || len(c.Targets) != 2000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchText measures building the fuzzy-match text of one target.
func BenchmarkSearchText(b *testing.B) {
	t := Target{Name: "prod-core/Admin", Account: "prod-core", AccountID: "222222222222", Tags: []string{"prod", "core", "production"}}
	b.ReportAllocs()
	for b.Loop() {
		_ = t.SearchText()
	}
}

var benchAccounts = 2000

// BenchmarkLoadIndexAWS10k loads a 10,000-role-profile ~/.aws/config as
// `switchrole list --filter` and the picker do.
func BenchmarkLoadIndexAWS10k(b *testing.B) {
	opts, _ := write(b, files{aws: string(configtest.GenerateAWSConfig(10000))})
	b.ReportAllocs()
	for b.Loop() {
		x, err := LoadIndex(opts)
		if err != nil || x.Len() != 10000 {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadAWS10k loads the same file with Load, building every target,
// as the picker does before its first frame (Index.Config).
func BenchmarkLoadAWS10k(b *testing.B) {
	opts, _ := write(b, files{aws: string(configtest.GenerateAWSConfig(10000))})
	b.ReportAllocs()
	for b.Loop() {
		c, err := Load(opts)
		if err != nil || len(c.Targets) != 10000 {
			b.Fatal(err)
		}
	}
}
