package keystore

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// choose picks the backend and says why.
func choose(getenv func(string) string) (name, why string, err error) {
	if forced := strings.TrimSpace(getenv(EnvBackend)); forced != "" {
		switch forced {
		case Keychain, SecretService:
			if (forced == Keychain) != (runtime.GOOS == "darwin") {
				return "", "", fmt.Errorf("%s=%s: this system has no %s", EnvBackend, forced, map[string]string{Keychain: "macOS Keychain", SecretService: "Secret Service (it is a macOS: use keychain)"}[forced])
			}
		case Pass, File:
		default:
			return "", "", fmt.Errorf("%s=%q is not a keyring backend; use secret-service, keychain, pass or file", EnvBackend, forced)
		}
		return forced, "forced by " + EnvBackend, nil
	}
	if runtime.GOOS == "darwin" {
		return Keychain, "macOS Keychain", nil
	}
	if bus := sessionBus(getenv); bus != "" && secretServiceAnswers() {
		return SecretService, "the Secret Service answers on the D-Bus session bus", nil
	}
	if dir := passDir(getenv); dir != "" {
		if _, err := exec.LookPath("pass"); err == nil {
			if _, err := os.Stat(filepath.Join(dir, ".gpg-id")); err == nil {
				return Pass, "no Secret Service; pass has a store at " + dir, nil
			}
		}
	}
	return File, "no Secret Service, Keychain or pass store: an encrypted file", nil
}

// sessionBus is the D-Bus session bus address when one is there ("" else):
// DBUS_SESSION_BUS_ADDRESS, or the systemd user bus socket. Never a new
// bus: D-Bus autolaunch would start a daemon for nothing.
func sessionBus(getenv func(string) string) string {
	if a := getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" {
		return a
	}
	if d := getenv("XDG_RUNTIME_DIR"); d != "" {
		if _, err := os.Stat(filepath.Join(d, "bus")); err == nil {
			return "unix:path=" + filepath.Join(d, "bus")
		}
	}
	return ""
}

// passDir is pass's store directory.
func passDir(getenv func(string) string) string {
	if d := getenv("PASSWORD_STORE_DIR"); d != "" {
		return d
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".password-store")
	}
	return ""
}
