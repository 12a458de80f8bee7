package config

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"unicode/utf8"
)

// MaxFileSize is the largest configuration file Load reads. A 100,000-role
// TOML file is a few MiB; anything past this is not a config file.
const MaxFileSize = 32 << 20

// Options says where to read from. Empty fields fall back to the environment.
type Options struct {
	// AWSConfigFile: "" → $AWS_CONFIG_FILE, else ~/.aws/config.
	AWSConfigFile string
	// AWSCredentialsFile: "" → $AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials.
	AWSCredentialsFile string
	// File is switchrole's TOML file: "" → $SWITCHROLE_CONFIG, else
	// $XDG_CONFIG_HOME/switchrole/config.toml (XDG default ~/.config). A
	// missing default file is fine (zero config); a missing file named
	// explicitly (File or $SWITCHROLE_CONFIG) is an error.
	File string
	// SSOListingDir holds the cached SSO listings: "" →
	// $XDG_CACHE_HOME/switchrole/sso (package listfile).
	SSOListingDir string
}

// Paths returns the files Load would read, for `switchrole config path`.
func Paths(opts Options) (awsConfig, awsCredentials, file string) {
	awsConfig, awsCredentials, file, _ = resolvePaths(opts)
	return awsConfig, awsCredentials, file
}

// resolvePaths also reports whether the TOML path was named explicitly.
func resolvePaths(opts Options) (awsConfig, awsCredentials, file string, explicit bool) {
	home, _ := os.UserHomeDir()
	awsConfig = firstNonEmpty(opts.AWSConfigFile, os.Getenv("AWS_CONFIG_FILE"))
	if awsConfig == "" && home != "" {
		awsConfig = filepath.Join(home, ".aws", "config")
	}
	awsCredentials = firstNonEmpty(opts.AWSCredentialsFile, os.Getenv("AWS_SHARED_CREDENTIALS_FILE"))
	if awsCredentials == "" && home != "" {
		awsCredentials = filepath.Join(home, ".aws", "credentials")
	}
	file = firstNonEmpty(opts.File, os.Getenv("SWITCHROLE_CONFIG"))
	explicit = file != ""
	if file == "" {
		dir := os.Getenv("XDG_CONFIG_HOME")
		if !filepath.IsAbs(dir) { // the XDG spec says to ignore relative paths
			dir = ""
			if home != "" {
				dir = filepath.Join(home, ".config")
			}
		}
		if dir != "" {
			file = filepath.Join(dir, "switchrole", "config.toml")
		}
	}
	return awsConfig, awsCredentials, file, explicit
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// readConfigFile reads a whole configuration file, refusing what is not a
// text file of a sane size. found is false for a missing file (not an
// error). The error never quotes the content.
func readConfigFile(path string) (data []byte, found bool, err *Error) {
	if path == "" {
		return nil, false, nil
	}
	f, oerr := os.Open(path)
	if oerr != nil {
		if errors.Is(oerr, fs.ErrNotExist) {
			return nil, false, nil
		}
		return nil, false, fileError(path, 0, "cannot read the file: "+describeOSError(oerr))
	}
	defer f.Close()
	if st, serr := f.Stat(); serr == nil {
		if st.IsDir() {
			return nil, false, fileError(path, 0, "is a directory, not a file")
		}
		if st.Mode().IsRegular() && st.Size() > MaxFileSize {
			return nil, false, fileError(path, 0, "is "+strconv.FormatInt(st.Size()>>20, 10)+" MiB; configuration files over 32 MiB are refused (is it the right file?)")
		}
	}
	data, rerr := readAll(f, MaxFileSize+1)
	if rerr != nil {
		return nil, false, fileError(path, 0, "cannot read the file: "+describeOSError(rerr))
	}
	if len(data) > MaxFileSize {
		return nil, false, fileError(path, 0, "is over 32 MiB; configuration files that large are refused (is it the right file?)")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, false, fileError(path, lineAt(data, i), "contains a NUL byte: this is a binary file, not a configuration file")
	}
	if !utf8.Valid(data) {
		i := firstInvalidUTF8(data)
		return nil, false, fileError(path, lineAt(data, i), "is not valid UTF-8 text; save it as UTF-8")
	}
	return data, true, nil
}

func fileError(path string, line int, msg string) *Error {
	return &Error{Origin: Origin{File: path, Line: line}, Msg: msg}
}

// describeOSError keeps the reason and drops the repeated path.
func describeOSError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// lineAt is the 1-based line of byte offset i.
func lineAt(data []byte, i int) int {
	return bytes.Count(data[:i], []byte{'\n'}) + 1
}

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// readAll reads up to limit bytes, sizing the buffer from Stat so a large
// file is read in one allocation.
func readAll(f *os.File, limit int64) ([]byte, error) {
	size := int64(512)
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > 0 {
		size = min(st.Size()+1, limit)
	}
	buf := make([]byte, 0, size)
	for {
		if int64(len(buf)) >= limit {
			return buf, nil
		}
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, int(min(int64(cap(buf)), limit-int64(len(buf)))))
		}
		n, err := f.Read(buf[len(buf):min(int64(cap(buf)), limit)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
