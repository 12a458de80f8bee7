package launch

import (
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// openPty returns the master and the slave of a new pseudo-terminal.
func openPty(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetUint32(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return m, s
}

// A Ctrl-C typed at the terminal reaches the child once, not twice: the
// terminal signals the whole foreground group, so Run must not forward it
// again (terraform aborts without cleanup on a second SIGINT).
func TestRunDoesNotDoubleTerminalInterrupt(t *testing.T) {
	master, slave := openPty(t)
	// After the first SIGINT the child waits half a second more for a
	// second one; without any it gives up after ten seconds.
	script := `trap 'n=$((n+1)); echo "INT $n"' INT; echo ready; i=0; ` +
		`while [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); ` +
		`if [ -n "$n" ] && [ $i -lt 190 ]; then i=190; fi; done; echo "total ${n:-0}"`
	cmd := helperCmd(t, "run", "sh", "-c", script)
	cmd.Stdin = slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); _ = cmd.Wait() })
	go func() { _, _ = io.Copy(io.Discard, master) }() // the echoed ^C

	buf := make([]byte, len("ready\n"))
	if _, err := io.ReadFull(stdout, buf); err != nil || string(buf) != "ready\n" {
		t.Fatalf("helper did not get ready: %q, %v", buf, err)
	}
	if _, err := master.Write([]byte{3}); err != nil { // Ctrl-C
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(stdout)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	if got := strings.TrimSpace(string(rest)); got != "INT 1\ntotal 1" {
		t.Errorf("child saw:\n%s\nwant exactly one SIGINT", got)
	}
}
