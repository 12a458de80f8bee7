package console

import (
	"strings"
)

// Partition names, as in the second field of an ARN.
const (
	PartitionAWS   = "aws"
	PartitionGov   = "aws-us-gov"
	PartitionChina = "aws-cn"
)

// partitionHosts are the public hosts of a partition that has a console.
type partitionHosts struct {
	signin  string // federation and switchrole host
	console string // console host; regions prefix it
}

// hosts holds the partitions whose consoles the public internet can reach
// (aws-wire.md §1.3). The isolated partitions (aws-iso, …) have consoles
// only inside their own networks and are deliberately absent.
var hosts = map[string]partitionHosts{
	PartitionAWS:   {signin: "signin.aws.amazon.com", console: "console.aws.amazon.com"},
	PartitionGov:   {signin: "signin.amazonaws-us-gov.com", console: "console.amazonaws-us-gov.com"},
	PartitionChina: {signin: "signin.amazonaws.cn", console: "console.amazonaws.cn"},
}

// regionPrefixes maps region name prefixes to their partitions; the first
// match wins, so the longer iso prefixes come before shorter ones.
var regionPrefixes = []struct{ prefix, partition string }{
	{"cn-", PartitionChina},
	{"us-gov-", PartitionGov},
	{"us-isob-", "aws-iso-b"},
	{"us-isof-", "aws-iso-f"},
	{"eu-isoe-", "aws-iso-e"},
	{"us-iso-", "aws-iso"},
}

// PartitionForRegion names the partition a region belongs to ("aws" for
// any region it does not recognise, and for ""). Use it when no ARN is at
// hand to say which partition credentials come from.
func PartitionForRegion(region string) string {
	for _, p := range regionPrefixes {
		if strings.HasPrefix(region, p.prefix) {
			return p.partition
		}
	}
	return PartitionAWS
}

// SupportsConsole reports whether this package can build console URLs for
// the partition ("" means aws).
func SupportsConsole(partition string) bool {
	_, ok := hosts[partitionOr(partition)]
	return ok
}

// hostsFor returns the partition's hosts, falling back to aws for the
// link builders, which return strings and cannot fail.
func hostsFor(partition string) partitionHosts {
	if h, ok := hosts[partitionOr(partition)]; ok {
		return h
	}
	return hosts[PartitionAWS]
}

func partitionOr(p string) string {
	if p == "" {
		return PartitionAWS
	}
	return p
}

// FederationEndpoint is the partition's console federation endpoint, e.g.
// https://signin.aws.amazon.com/federation.
//
// It is always the global sign-in host, as aws-vault does, never a regional
// <region>.signin… host as granted does: the global host accepts
// credentials from every STS endpoint, while a regional sign-in host in an
// opt-in region can refuse the version-1 session tokens that the global STS
// endpoint issues. The console region is chosen by the Destination alone,
// so nothing is lost.
func FederationEndpoint(partition string) string {
	return "https://" + hostsFor(partition).signin + "/federation"
}

// Destination is the console URL a sign-in lands on.
//
//   - path (e.g. "ec2/home#Instances", "s3/buckets/my-bucket?tab=objects")
//     is used as given, wins over service, and keeps its query and fragment;
//   - otherwise service (e.g. "s3") gives /<service>/home;
//   - otherwise the console home, /console/home.
//
// A region selects the regional console host and is added as ?region= so
// the console does not jump back to the last region used; an explicit
// region= in path is kept. Characters that cannot appear in a URL (spaces,
// non-ASCII, quotes …) are percent-encoded; everything else, including
// existing %XX escapes, is left alone.
func Destination(partition, region, service, path string) string {
	host := hostsFor(partition).console
	if region != "" {
		host = region + "." + host
	}
	rest := strings.TrimLeft(strings.TrimSpace(path), "/")
	if rest == "" {
		if service = strings.Trim(strings.TrimSpace(service), "/"); service != "" {
			rest = service + "/home"
		} else {
			rest = "console/home"
		}
	}
	p, fragment, hasFragment := strings.Cut(rest, "#")
	p, query, _ := strings.Cut(p, "?")
	if region != "" && !hasQueryKey(query, "region") {
		if query != "" {
			query += "&"
		}
		query += "region=" + region
	}
	var b strings.Builder
	b.WriteString("https://")
	b.WriteString(host)
	b.WriteByte('/')
	b.WriteString(escapeUnsafe(p))
	if query != "" {
		b.WriteByte('?')
		b.WriteString(escapeUnsafe(query))
	}
	if hasFragment {
		b.WriteByte('#')
		b.WriteString(escapeUnsafe(fragment))
	}
	return b.String()
}

// hasQueryKey reports whether a raw query string has the key.
func hasQueryKey(query, key string) bool {
	for part := range strings.SplitSeq(query, "&") {
		k, _, _ := strings.Cut(part, "=")
		if k == key {
			return true
		}
	}
	return false
}

// escapeUnsafe percent-encodes the bytes that may never appear literally
// in a URL (RFC 3986: controls, space, non-ASCII, and "<>\\^`{|} plus %
// when it does not start an escape) and leaves everything else as written,
// so console paths and hash routes keep their meaning.
func escapeUnsafe(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
		case c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}%", c) >= 0:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
