package fanout

import "bytes"

// lineWriter is an io.Writer that cuts what it is given into whole lines
// and hands each one, newline included, to emit. A child's write may end
// mid-line or hold many lines; emit only ever sees complete lines, so
// lines of different targets can never be mixed. Flush hands over a last
// line that lacks its newline, adding one.
//
// A lineWriter is used by one goroutine (os/exec copies each stream in its
// own); emit must not keep the slice it is given.
type lineWriter struct {
	emit func(line []byte)
	// partial holds the start of a line whose newline has not come yet.
	// It grows as long as the line does: a line is never cut in two.
	partial []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			w.partial = append(w.partial, p...)
			break
		}
		if len(w.partial) > 0 {
			w.partial = append(w.partial, p[:i+1]...)
			w.emit(w.partial)
			w.partial = w.partial[:0]
		} else {
			w.emit(p[:i+1])
		}
		p = p[i+1:]
	}
	return n, nil
}

// Flush emits the unfinished last line, if any, with a newline added.
func (w *lineWriter) Flush() {
	if len(w.partial) == 0 {
		return
	}
	w.emit(append(w.partial, '\n'))
	w.partial = w.partial[:0]
}
