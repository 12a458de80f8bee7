package discover

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/switchrole/switchrole/config"
	"github.com/switchrole/switchrole/internal/atomicfile"
)

// ReadFile reads the config file a plan merges into: its content and mode
// (nil and 0600 when it does not exist yet, or path is "").
func ReadFile(path string) ([]byte, fs.FileMode, error) {
	if path == "" {
		return nil, 0o600, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0o600, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("read %s: %w", path, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, 0, fmt.Errorf("read %s: %w", path, err)
	}
	return data, st.Mode().Perm(), nil
}

// WriteFile replaces path (whose content was p.Before) with p.After,
// atomically and with mode, after checking that the result loads with no
// more problems than the file had: a merge must never be what breaks the
// configuration. A file edited while the organization was being listed is
// left alone.
func WriteFile(path string, p *Plan, mode fs.FileMode) error {
	now, err := os.ReadFile(path)
	if (err == nil && !bytes.Equal(now, p.Before)) || (err != nil && p.Before != nil) {
		return fmt.Errorf("left %s unchanged: it changed while the organization was being listed; run discover again", path)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	if err := checkLoads(path, p.After); err != nil {
		return err
	}
	if err := atomicfile.Write(path, p.After, mode); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// checkLoads loads data, as the config file at path would be, with
// switchrole's own loader.
func checkLoads(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".discover-check-*.toml")
	if err != nil {
		return fmt.Errorf("check the merged config: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("check the merged config: %w", err)
	}
	problems := 0
	if old, err := config.Load(config.Options{File: path}); err == nil {
		problems = len(old.Problems)
	}
	merged, err := config.Load(config.Options{File: tmp.Name()})
	if err == nil && len(merged.Problems) > problems {
		err = merged.Problems[0]
	}
	if err != nil {
		msg := fmt.Sprintf("left %s unchanged: the merged file would not load: %s",
			path, strings.ReplaceAll(err.Error(), tmp.Name(), path+" (merged)"))
		if cfgErr := (*config.Error)(nil); errors.As(err, &cfgErr) {
			// The configuration is what to fix (exit 2), not a failure.
			return &config.Error{Msg: msg}
		}
		return errors.New(msg)
	}
	return nil
}
