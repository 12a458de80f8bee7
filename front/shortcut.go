package front

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/switchrole/switchrole/cache"
	"github.com/switchrole/switchrole/config"
)

// A warm call answers from a shortcut (cache.Shortcut) without loading the
// configuration, so its cost does not grow with the configuration's size.
// The engine records the shortcut after a full load; the front and the one
// binary read it. It holds for one target as typed, under one set of the
// inputs that decide which files are read and how a target resolves:
//
//   - the --config flag and the environment in resolutionEnv (HOME, the
//     XDG and AWS file variables, the region variables), all part of the
//     shortcut's id, so another file or region is another shortcut;
//   - the files themselves (AWS config, AWS credentials, switchrole's TOML
//     file, each whether it exists or not), stamped by device, inode, mode,
//     size, and mtime and ctime in nanoseconds: any difference is a full
//     load.
//
// The same-tick race: a file rewritten in place, at the same size, within
// the file system's timestamp granularity of the write the engine read,
// keeps its stamp. So the engine stamps every file before loading and again
// after, records nothing unless both agree, and records nothing while a
// file's mtime is within racyWindow of now (a coarse file system's 1–2 s
// granularity included); an editor's atomic save gets a new inode anyway.

// resolutionEnv lists the environment variables that change which files the
// configuration is read from or how a target resolves (config.Paths and
// plan.Settings.RegionOf read them). TestResolutionEnvIsComplete keeps it in
// step with the code that reads the environment.
var resolutionEnv = []string{
	"HOME", "XDG_CONFIG_HOME", "SWITCHROLE_CONFIG", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
	"AWS_REGION", "AWS_DEFAULT_REGION",
}

// racyWindow is how old a file's last change must be before a stamp of it
// is trusted to show the next change.
const racyWindow = 2 * time.Second

// configFiles are the files a load with --config configFlag reads, made
// absolute (a relative --config depends on the working directory).
func configFiles(configFlag string) []string {
	a, c, f := config.Paths(config.Options{File: configFlag})
	files := []string{a, c, f}
	for i, p := range files {
		if p != "" {
			if abs, err := filepath.Abs(p); err == nil {
				files[i] = abs
			}
		}
	}
	return files
}

// shortcutID is the identity of the shortcut for target as typed, read from
// files, under the current environment.
func shortcutID(target string, files []string) string {
	parts := make([]string, 0, 1+len(files)+len(resolutionEnv))
	parts = append(parts, target)
	parts = append(parts, files...)
	for _, k := range resolutionEnv {
		v, ok := os.LookupEnv(k)
		if ok {
			v = "=" + v // set to "" differs from unset
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, "\x00")
}

// stamps takes the stamp of each file; ok is false when one cannot be taken.
func stamps(files []string) ([]cache.FileStamp, bool) {
	out := make([]cache.FileStamp, len(files))
	for i, p := range files {
		st, err := cache.StampFile(p)
		if err != nil {
			return nil, false
		}
		out[i] = st
	}
	return out, true
}

// Watch is taken by the engine before it loads the configuration, so that
// Record can tell whether the files it read stayed as they were.
type Watch struct {
	files  []string
	before []cache.FileStamp
	ok     bool
}

// WatchConfig stamps the files a load with --config configFlag reads.
func WatchConfig(configFlag string) *Watch {
	files := configFiles(configFlag)
	before, ok := stamps(files)
	return &Watch{files: files, before: before, ok: ok}
}

// Record writes the shortcut for target t as typed by query, whose
// credentials are cached under key, working in region: the next warm call
// for query answers without loading the configuration. It records nothing
// when a file changed since WatchConfig or changed too recently to be
// trusted. A shortcut is an optimisation: failing to write one is not an
// error.
func (w *Watch) Record(store *cache.Store, query string, t *config.Target, key, region string, refreshWindow time.Duration) {
	if w == nil || !w.ok || store == nil {
		return
	}
	after, ok := stamps(w.files)
	if !ok || !slices.Equal(w.before, after) {
		return
	}
	now := time.Now().UnixNano()
	for _, st := range after {
		if st.Exists && now-st.Mtime < int64(racyWindow) {
			return
		}
	}
	id := shortcutID(query, w.files)
	sc := cache.Shortcut{
		Files: after, Key: key, RefreshWindow: refreshWindow,
		Target: t.Name, Account: t.Account, AccountID: t.AccountID, Region: region,
	}
	if old, ok := cache.ReadShortcut(store.Dir(), id); ok && sameShortcut(old, sc) {
		return // already recorded: no write, no fsync
	}
	_ = store.PutShortcut(id, sc)
}

// sameShortcut compares what two shortcuts say (not their version and id).
func sameShortcut(a, b cache.Shortcut) bool {
	return slices.Equal(a.Files, b.Files) && a.Key == b.Key && a.RefreshWindow == b.RefreshWindow &&
		a.Target == b.Target && a.Account == b.Account && a.AccountID == b.AccountID && a.Region == b.Region
}
