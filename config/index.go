package config

import (
	"iter"
	"runtime"
	"sort"
	"sync"
	"unsafe"
)

// Index is a loaded, validated configuration whose role and AWS profile
// targets are built only when asked for. A 2,000-account TOML file
// describes 100,000 roles, 35 MB as Targets, a large ~/.aws/config 10,000
// profiles; `switchrole list --filter` needs the search text of each and the
// Target of the few that match, and an exact name needs one. Everything is
// validated by LoadIndex exactly as by Load, which is LoadIndex building
// every target.
//
// An Index is not safe for concurrent use.
type Index struct {
	c *Config
	b *tomlBuilder

	// Targets that Target and Lookup build go to chunks of their own, in
	// the order asked, rather than to their scattered slots in the
	// Targets array: 10,000 matches then touch 4 MB, not 10,000 pages.
	// slot[i] is 1 + the place of target i there, 0 when not built.
	slot   []int32
	chunks [][]Target
}

// chunkLen is how many targets a chunk of built roles holds.
const chunkLen = 512

// LoadIndex is Load without building the role and AWS targets up front.
func LoadIndex(opts Options) (*Index, error) {
	c, b, err := load(opts)
	if err != nil {
		return nil, err
	}
	return &Index{c: c, b: b}, nil
}

// Defaults are the [defaults] settings of the TOML file.
func (x *Index) Defaults() Defaults { return x.c.Defaults }

// Problems are the mistakes that make some targets unusable (see
// Config.Problems).
func (x *Index) Problems() []*Error { return x.c.Problems }

// Len is the number of targets.
func (x *Index) Len() int { return len(x.c.Targets) }

// Target returns target i (in Config.Targets order), building it if need be.
func (x *Index) Target(i int) *Target {
	b := x.b
	if b.filled[i] {
		return &x.c.Targets[i]
	}
	if x.slot == nil {
		x.slot = make([]int32, len(b.filled))
	}
	if t := x.builtOnDemand(i); t != nil {
		return t
	}
	last := len(x.chunks) - 1
	if last < 0 || len(x.chunks[last]) == chunkLen {
		x.chunks = append(x.chunks, make([]Target, 0, chunkLen))
		last++
	}
	x.chunks[last] = x.chunks[last][:len(x.chunks[last])+1]
	t := &x.chunks[last][len(x.chunks[last])-1]
	b.build(&b.f, i, t)
	x.slot[i] = int32(last*chunkLen + len(x.chunks[last]))
	return t
}

// Fill writes target i into t without keeping it, for callers that use
// each target once, such as list's output: unlike Target, it stores nothing
// per target. The strings in t stay valid after the next Fill.
func (x *Index) Fill(i int, t *Target) { x.fill(&x.b.f, i, t) }

// Filler returns a Fill with memory of its own: Fillers may run at the same
// time as each other (on parts of a long list), but not with Fill, Target,
// Lookup or Config.
func (x *Index) Filler() func(i int, t *Target) {
	f := new(filler)
	return func(i int, t *Target) { x.fill(f, i, t) }
}

// fill is Fill with f's memory; it only reads the Index.
func (x *Index) fill(f *filler, i int, t *Target) {
	if x.b.filled[i] {
		*t = x.c.Targets[i]
		return
	}
	if built := x.builtOnDemand(i); built != nil {
		*t = *built
		return
	}
	*t = Target{}
	x.b.build(f, i, t)
}

// builtOnDemand returns target i if Target has built it into a chunk.
func (x *Index) builtOnDemand(i int) *Target {
	if x.slot == nil || x.slot[i] == 0 {
		return nil
	}
	s := x.slot[i] - 1
	return &x.chunks[s/chunkLen][s%chunkLen]
}

// Lookup finds a target by its exact name, building only that one.
func (x *Index) Lookup(name string) (*Target, bool) {
	if k, ok := x.b.findRole(name); ok {
		return x.Target(k), true
	}
	if alias, ok := x.c.aliases[name]; ok {
		name = alias
	}
	if k, ok := x.b.find(name); ok {
		return x.Target(k), true
	}
	return nil, false
}

// SearchTexts returns every target's Target.SearchText, in order, without
// building the targets. Large configurations are written by one goroutine
// per CPU (at most two), each into an arena of its own.
func (x *Index) SearchTexts() []string {
	b, targets := x.b, x.c.Targets
	texts := make([]string, len(targets))
	var arena []byte
	for k := range b.firstRole {
		from := len(arena)
		arena = appendSearchText(arena, &targets[k])
		texts[k] = string(arena[from:]) // few: the TOML sources
	}
	if len(b.awsList) > 0 {
		size := 0
		for _, p := range b.awsList {
			size += len(p.name) + 16
		}
		arena = make([]byte, 0, size)
		for j, p := range b.awsList {
			from := len(arena)
			arena = appendAWSSearchText(arena, p)
			// As in searchTexts: bytes behind a text are never written again.
			texts[b.awsBase+j] = unsafe.String(unsafe.SliceData(arena[from:]), len(arena)-from)
		}
	}
	for k := b.awsBase + len(b.awsList); k < len(targets); k++ {
		texts[k] = targets[k].SearchText() // the SSO targets, built
	}
	roles := b.awsBase - b.firstRole
	if roles <= 0 {
		return texts
	}
	parts := 1
	if roles >= searchParallelMin && runtime.GOMAXPROCS(0) > 1 {
		parts = 2
	}
	var wg sync.WaitGroup
	lo := 0
	for part := range parts {
		hi := len(b.plans)
		if part < parts-1 {
			// Split where half the roles are behind.
			half := b.firstRole + roles*(part+1)/parts
			hi = sort.Search(len(b.plans), func(i int) bool { return b.plans[i].first >= half })
		}
		plans := b.plans[lo:hi]
		lo = hi
		wg.Go(func() { x.searchTexts(plans, texts) })
	}
	wg.Wait()
	return texts
}

// searchParallelMin is the number of roles from which SearchTexts splits
// the work.
const searchParallelMin = 16 << 10

// searchTexts writes the search texts of the given accounts' roles into
// texts, from one arena.
func (x *Index) searchTexts(plans []acctPlan, texts []string) {
	size := 0
	for i := range plans {
		p := &plans[i]
		meta := len(p.id) + 1
		for _, tag := range p.tags {
			meta += len(tag) + 1
		}
		for j := range p.roles {
			size += len(p.name) + 1 + len(p.roles[j].name) + meta
		}
	}
	arena := make([]byte, 0, size+len(plans)*64)
	for i := range plans {
		p := &plans[i]
		for k, j := range p.targets() {
			from := len(arena)
			arena = x.appendRoleSearchText(arena, p, k, j)
			// The bytes behind a text are never written again: later
			// texts only append (and a grown arena leaves them on the
			// old one).
			texts[k] = unsafe.String(unsafe.SliceData(arena[from:]), len(arena)-from)
		}
	}
}

// appendSearchText appends t's Target.SearchText to dst.
func appendSearchText(dst []byte, t *Target) []byte {
	from := len(dst)
	dst = append(dst, t.Name...)
	return appendSearchMeta(dst, from, t.Account, t.AccountID, t.Tags)
}

// appendRoleSearchText appends the search text of TOML role target k, role
// j of plan p, to dst, without building the target unless it is.
func (x *Index) appendRoleSearchText(dst []byte, p *acctPlan, k, j int) []byte {
	if x.b.filled[k] {
		return appendSearchText(dst, &x.c.Targets[k])
	}
	from := len(dst)
	r := &p.roles[j]
	dst = append(dst, p.name...)
	dst = append(dst, '/')
	dst = append(dst, r.name...)
	return appendSearchMeta(dst, from, p.name, p.id, p.roleTags(r))
}

// SearchTextRange yields the search texts of targets lo..hi-1, in order and
// as SearchTexts has them, each in a buffer that the next one overwrites:
// one query over every target (list --filter) keeps none of them. It only
// reads the Index, so ranges may be walked at the same time.
func (x *Index) SearchTextRange(lo, hi int) iter.Seq2[int, []byte] {
	return func(yield func(int, []byte) bool) {
		b, targets := x.b, x.c.Targets
		hi = min(hi, len(targets))
		var buf []byte
		k := lo
		// Sources, then the TOML roles by plan, then the AWS targets.
		for ; k < hi && k < b.firstRole; k++ {
			if buf = appendSearchText(buf[:0], &targets[k]); !yield(k, buf) {
				return
			}
		}
		if k < hi && k < b.awsBase {
			// The plan holding target k, then the ones after it.
			pi := sort.Search(len(b.plans), func(i int) bool { return b.plans[i].first > k }) - 1
			for ; pi < len(b.plans) && k < hi; pi++ {
				p := &b.plans[pi]
				for kk, j := range p.targets() {
					if kk < k {
						continue
					}
					if kk >= hi {
						return
					}
					if buf = x.appendRoleSearchText(buf[:0], p, kk, j); !yield(kk, buf) {
						return
					}
					k = kk + 1
				}
			}
			k = max(k, b.awsBase)
		}
		for ; k < hi; k++ {
			if j := k - b.awsBase; j < len(b.awsList) {
				buf = appendAWSSearchText(buf[:0], b.awsList[j])
			} else {
				buf = appendSearchText(buf[:0], &targets[k]) // an SSO target, built
			}
			if !yield(k, buf) {
				return
			}
		}
	}
}

// Config builds every target and returns the whole configuration, as Load
// would have. Targets returned earlier stay valid: they are copies.
func (x *Index) Config() *Config {
	x.b.buildAll()
	return x.c
}
