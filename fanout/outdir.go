package fanout

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/switchrole/switchrole/internal/safename"
)

// outputFile is one target's file under --output-dir: its stdout and
// stderr lines in the order they came, without prefixes.
type outputFile struct {
	mu sync.Mutex
	f  *os.File
}

func (o *outputFile) line(b []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.f.Write(b)
}

func (o *outputFile) Close() error { return o.f.Close() }

// OutputFile is the file name under the output directory for a target
// name: the name with every character but letters, digits, '.', '-' and
// '_' replaced by '_', plus ".log" ("prod-core/Admin" → "prod-core_Admin.log").
func OutputFile(name string) string { return safename.Element(name) + ".log" }

// createOutputFiles creates dir (0700 when new: outputs may hold what the
// roles can read) and one 0600 file per target, truncating old ones. Two
// names that clean to the same file get "-2", "-3"… added.
func createOutputFiles(dir string, targets []Target) ([]*outputFile, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the output directory: %w", err)
	}
	files := make([]*outputFile, len(targets))
	used := map[string]bool{}
	for i, t := range targets {
		name := OutputFile(t.Name)
		for k := 2; used[name]; k++ {
			name = fmt.Sprintf("%s-%d.log", strings.TrimSuffix(OutputFile(t.Name), ".log"), k)
		}
		used[name] = true
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			for _, o := range files[:i] {
				o.Close()
			}
			return nil, fmt.Errorf("create an output file: %w", err)
		}
		files[i] = &outputFile{f: f}
	}
	return files, nil
}
