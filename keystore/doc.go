// Package keystore keeps sources' long-term AWS keys in the OS keyring
// instead of ~/.aws/credentials: the Secret Service over D-Bus (GNOME
// Keyring, KWallet), the macOS Keychain, pass, or an encrypted file for
// headless machines.
//
// The backend is chosen once per Open: SWITCHROLE_KEYRING_BACKEND forces
// one; otherwise the Keychain on macOS, the Secret Service when a session
// bus is there and answers, pass when its store is initialised, else the
// file. Store.Why says which and why, for `switchrole keys list`.
//
// The Secret Service and Keychain go through github.com/zalando/go-keyring,
// which connects to D-Bus only when asked for a key. The 99designs keyring
// (which has file and pass backends too) was measured and refused: its
// init connects to the D-Bus session bus in every process that links it,
// about 3.5 ms on every start of the engine, warm calls included. pass and
// the file are a few lines each here.
package keystore
