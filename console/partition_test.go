package console

import (
	"net/url"
	"testing"
)

func TestPartitionForRegion(t *testing.T) {
	tests := map[string]string{
		"":               "aws",
		"us-east-1":      "aws",
		"eu-central-2":   "aws",
		"cn-north-1":     "aws-cn",
		"cn-northwest-1": "aws-cn",
		"us-gov-west-1":  "aws-us-gov",
		"us-gov-east-1":  "aws-us-gov",
		"us-iso-east-1":  "aws-iso",
		"us-isob-east-1": "aws-iso-b",
		"eu-isoe-west-1": "aws-iso-e",
		"weird":          "aws",
	}
	for region, want := range tests {
		if got := PartitionForRegion(region); got != want {
			t.Errorf("PartitionForRegion(%q) = %q, want %q", region, got, want)
		}
	}
}

func TestSupportsConsole(t *testing.T) {
	for p, want := range map[string]bool{"": true, "aws": true, "aws-cn": true, "aws-us-gov": true, "aws-iso": false, "nope": false} {
		if got := SupportsConsole(p); got != want {
			t.Errorf("SupportsConsole(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestFederationEndpoint(t *testing.T) {
	tests := []struct{ partition, want string }{
		{"", "https://signin.aws.amazon.com/federation"},
		{"aws", "https://signin.aws.amazon.com/federation"},
		{"aws-us-gov", "https://signin.amazonaws-us-gov.com/federation"},
		{"aws-cn", "https://signin.amazonaws.cn/federation"},
		{"aws-iso", "https://signin.aws.amazon.com/federation"}, // no public console: aws hosts
	}
	for _, tt := range tests {
		if got := FederationEndpoint(tt.partition); got != tt.want {
			t.Errorf("FederationEndpoint(%q) = %q, want %q", tt.partition, got, tt.want)
		}
	}
}

func TestDestination(t *testing.T) {
	tests := []struct {
		name                             string
		partition, region, service, path string
		want                             string
	}{
		{"console home", "aws", "", "", "", "https://console.aws.amazon.com/console/home"},
		{"empty partition is aws", "", "", "", "", "https://console.aws.amazon.com/console/home"},
		{"us-east-1", "aws", "us-east-1", "", "", "https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1"},
		{"eu region", "aws", "eu-west-1", "", "", "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1"},
		{"china", "aws-cn", "cn-north-1", "", "", "https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1"},
		{"china global", "aws-cn", "", "", "", "https://console.amazonaws.cn/console/home"},
		{"gov", "aws-us-gov", "us-gov-west-1", "", "", "https://us-gov-west-1.console.amazonaws-us-gov.com/console/home?region=us-gov-west-1"},
		{"gov global", "aws-us-gov", "", "", "", "https://console.amazonaws-us-gov.com/console/home"},
		{"service", "aws", "eu-west-1", "s3", "", "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1"},
		{"service no region", "aws", "", "iam", "", "https://console.aws.amazon.com/iam/home"},
		{"service trimmed", "aws", "", " /ec2/ ", "", "https://console.aws.amazon.com/ec2/home"},
		{"path wins", "aws", "us-west-2", "s3", "ec2/home#Instances", "https://us-west-2.console.aws.amazon.com/ec2/home?region=us-west-2#Instances"},
		{"path leading slash", "aws", "", "", "/ec2/home", "https://console.aws.amazon.com/ec2/home"},
		{"path with query", "aws", "eu-west-1", "", "s3/buckets/b?tab=objects", "https://eu-west-1.console.aws.amazon.com/s3/buckets/b?tab=objects&region=eu-west-1"},
		{"path keeps own region", "aws", "eu-west-1", "", "ec2/home?region=us-east-2#Instances:sort=desc", "https://eu-west-1.console.aws.amazon.com/ec2/home?region=us-east-2#Instances:sort=desc"},
		{"hash route", "aws", "", "", "cloudwatch/home#logsV2:log-groups", "https://console.aws.amazon.com/cloudwatch/home#logsV2:log-groups"},
		{"odd characters escaped", "aws", "", "", "s3/buckets/my bucket?prefix=a b&x=\"é\"#<x>", "https://console.aws.amazon.com/s3/buckets/my%20bucket?prefix=a%20b&x=%22%C3%A9%22#%3Cx%3E"},
		{"existing escapes kept, stray percent escaped", "aws", "", "", "s3/buckets/a%20b/100%", "https://console.aws.amazon.com/s3/buckets/a%20b/100%25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Destination(tt.partition, tt.region, tt.service, tt.path)
			if got != tt.want {
				t.Errorf("Destination(%q, %q, %q, %q)\n got %s\nwant %s", tt.partition, tt.region, tt.service, tt.path, got, tt.want)
			}
			if _, err := url.Parse(got); err != nil {
				t.Errorf("destination does not parse: %v", err)
			}
		})
	}
}
