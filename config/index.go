package config

import "unsafe"

// Index is a loaded, validated configuration whose role targets are built
// only when asked for. A 2,000-account TOML file describes 100,000 roles,
// 35 MB as Targets; `switchrole list --filter` needs the search text of
// each and the Target of the few that match, and an exact name needs one.
// Everything is validated by LoadIndex exactly as by Load.
//
// An Index is not safe for concurrent use.
type Index struct {
	c *Config
	b *tomlBuilder

	// Roles that Target and Lookup build go to chunks of their own, in
	// the order asked, rather than to their scattered slots in the
	// Targets array: 10,000 matches then touch 4 MB, not 10,000 pages.
	// slot[i] is 1 + the place of target i there, 0 when not built.
	slot   []int32
	chunks [][]Target
}

// chunkLen is how many targets a chunk of built roles holds.
const chunkLen = 512

// LoadIndex is Load without building the role targets up front.
func LoadIndex(opts Options) (*Index, error) {
	c, b, err := load(opts, true)
	if err != nil {
		return nil, err
	}
	return &Index{c: c, b: b}, nil
}

// Len is the number of targets.
func (x *Index) Len() int { return len(x.c.Targets) }

// Target returns target i (in Config.Targets order), building it if need be.
func (x *Index) Target(i int) *Target {
	b := x.b
	if i >= len(b.filled) || b.filled[i] {
		return &x.c.Targets[i]
	}
	if x.slot == nil {
		x.slot = make([]int32, len(b.filled))
	}
	if s := x.slot[i]; s != 0 {
		return &x.chunks[(s-1)/chunkLen][(s-1)%chunkLen]
	}
	p, j, ok := b.roleAt(i)
	if !ok {
		return &x.c.Targets[i] // not a role: built by load
	}
	last := len(x.chunks) - 1
	if last < 0 || len(x.chunks[last]) == chunkLen {
		x.chunks = append(x.chunks, make([]Target, 0, chunkLen))
		last++
	}
	x.chunks[last] = x.chunks[last][:len(x.chunks[last])+1]
	t := &x.chunks[last][len(x.chunks[last])-1]
	b.fillRole(p, j, t)
	x.slot[i] = int32(last*chunkLen + len(x.chunks[last]))
	return t
}

// Lookup finds a target by its exact name, building only that one.
func (x *Index) Lookup(name string) (*Target, bool) {
	if k, ok := x.b.findRole(name); ok {
		return x.Target(k), true
	}
	if alias, ok := x.c.aliases[name]; ok {
		name = alias
	}
	// The other targets are sources and AWS profiles: few, and built.
	ts := x.c.Targets
	for _, r := range [][2]int{{0, x.b.firstRole}, {len(x.b.filled), len(ts)}} {
		for i := r[0]; i < r[1]; i++ {
			if ts[i].Name == name {
				return &ts[i], true
			}
		}
	}
	return nil, false
}

// SearchTexts returns every target's Target.SearchText, in order, without
// building the targets: one arena holds them all.
func (x *Index) SearchTexts() []string {
	b, targets := x.b, x.c.Targets
	size := 0
	for i := range b.plans {
		p := &b.plans[i]
		meta := len(p.id) + 1
		for _, tag := range p.tags {
			meta += len(tag) + 1
		}
		for j := range p.roles {
			size += len(p.name) + 1 + len(p.roles[j].name) + meta
		}
	}
	texts := make([]string, len(targets))
	arena := make([]byte, 0, size+len(targets)*8)
	// cut turns arena[from:] into texts[i]; the arena is never written
	// again below what has been cut, and never grows (a grown arena would
	// leave earlier texts on the old one, which is fine too).
	cut := func(i, from int) {
		texts[i] = unsafe.String(unsafe.SliceData(arena[from:]), len(arena)-from)
	}
	k := 0
	other := func(end int) {
		for ; k < end; k++ {
			from := len(arena)
			arena = append(arena, targets[k].Name...)
			t := &targets[k]
			arena = appendSearchMeta(arena, from, t.Account, t.AccountID, t.Tags)
			cut(k, from)
		}
	}
	for i := range b.plans {
		p := &b.plans[i]
		other(p.first)
		for j := range p.roles {
			if p.skip != nil && p.skip[j] {
				continue
			}
			from := len(arena)
			if b.filled[k] {
				t := &targets[k]
				arena = append(arena, t.Name...)
				arena = appendSearchMeta(arena, from, t.Account, t.AccountID, t.Tags)
			} else {
				r := &p.roles[j]
				arena = append(arena, p.name...)
				arena = append(arena, '/')
				arena = append(arena, r.name...)
				arena = appendSearchMeta(arena, from, p.name, p.id, p.roleTags(r))
			}
			cut(k, from)
			k++
		}
	}
	other(len(targets))
	return texts
}

// Config builds every target and returns the whole configuration, as Load
// would have. Targets returned earlier stay valid: they are copies.
func (x *Index) Config() *Config {
	x.b.buildAll(x.c.Targets)
	return x.c
}
