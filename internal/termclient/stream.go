package termclient

import "unicode/utf8"

// streamTail is the load tool's light reader, in place of a terminal
// emulator: it keeps the text of the last bytes received, escape sequences
// dropped, and its "screen" is that text. A chat benchmark finds its marker
// in the byte stream the same way. It costs a fraction of an emulator, so
// that 5,000 participants on the machine that runs the server measure the
// server rather than themselves. It answers "has this text been drawn since
// Forget?", not "what does the screen show now": text that scrolled off or
// was erased still counts until Forget.
type streamTail struct {
	text  []byte // the newest text, at most keep bytes
	keep  int
	state streamState
}

// streamState is where the parser is in an escape sequence.
type streamState uint8

const (
	inText   streamState = iota
	afterESC             // ESC seen: the next byte says which sequence
	inCSI                // ESC [ ... up to a final byte 0x40-0x7E
	inString             // ESC ] (OSC), P (DCS), _ (APC), ^ (PM): up to BEL or ESC \
	strESC               // ESC inside a string: a backslash ends it
)

// streamKeep is how much text a streamTail holds: a few screens' worth,
// enough for any marker the load tool looks for after a change.
const streamKeep = 8 << 10

func newStreamTail() *streamTail { return &streamTail{keep: streamKeep} }

// Write keeps p's printable text. Cursor moves separate rows, so each one
// is kept as a newline: a marker is found within a row, never across two.
func (s *streamTail) Write(p []byte) (int, error) {
	for _, b := range p {
		switch s.state {
		case inText:
			switch {
			case b == 0x1b:
				s.state = afterESC
			case b == '\n' || b == '\r':
				s.text = append(s.text, '\n')
			case b >= 0x20 && b != 0x7f:
				s.text = append(s.text, b)
			}
		case afterESC:
			switch b {
			case '[':
				s.state = inCSI
			case ']', 'P', '_', '^':
				s.state = inString
			default: // a two-byte sequence (ESC 7, ESC =, ...)
				s.state = inText
			}
		case inCSI:
			if b >= 0x40 && b <= 0x7e {
				s.state = inText
				if b == 'H' || b == 'f' { // a cursor position: a new row
					s.text = append(s.text, '\n')
				}
			}
		case inString:
			switch b {
			case 0x07:
				s.state = inText
			case 0x1b:
				s.state = strESC
			}
		case strESC:
			s.state = inString
			if b == '\\' {
				s.state = inText
			}
		}
	}
	if over := len(s.text) - s.keep; over > 0 {
		// Cut on a rune's start, so that the text stays valid UTF-8.
		for over < len(s.text) && !utf8.RuneStart(s.text[over]) {
			over++
		}
		s.text = append(s.text[:0], s.text[over:]...)
	}
	return len(p), nil
}

func (s *streamTail) appendScreen(dst []byte) []byte { return append(dst, s.text...) }

// Resize changes nothing: the stream has no size.
func (s *streamTail) Resize(int, int) {}

func (s *streamTail) close() {}

// forget drops the text kept so far.
func (s *streamTail) forget() { s.text = s.text[:0] }
