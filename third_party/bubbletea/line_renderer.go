package tea

// CommonGround addition: a renderer that remembers the previous frame as its
// lines of text and rewrites only the lines that changed.
//
// The cursed renderer parses every frame into a cell buffer and diffs it
// cell by cell against its own copy of the terminal: about 215 KB of cells
// per program at 80x24 and 100-300 µs per frame. A server that runs one
// program per SSH participant pays both a thousand times over. This one
// keeps the last frame's lines (substrings of the view's content, so one
// string per program) and compares them as strings; a changed line is
// written whole, at an absolute position and with auto-wrap off, so a
// terminal that measures a character differently can spoil at most that
// line.
//
// It honours the View fields CommonGround uses: Content, AltScreen, Cursor
// (position and visibility, on the alternate screen; inline frames keep it
// hidden), WindowTitle and DisableBracketedPasteMode.
// Mouse modes, keyboard enhancements, terminal colours, progress bars and
// program status are left alone; a program that needs them uses the cursed
// renderer. Selected with [WithLineRenderer].

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

type lineRenderer struct {
	mu sync.Mutex
	w  io.Writer

	out     bytes.Buffer // one frame's output, written to w at once
	pending bytes.Buffer // writeString output waiting for the next flush
	colors  colorprofile.Writer
	convert func(row string, profile colorprofile.Profile) string // WithRowColors; nil: colors converts

	width, height int
	method        ansi.Method
	syncd         bool // the terminal supports synchronized output (mode 2026)

	view View  // the latest view, drawn by the next flush
	last *View // the view on the terminal; nil before the first frame

	lines      []string // alt screen: what each row shows
	inlineRows int      // inline mode: rows the last frame took
	repaint    bool     // the next frame redraws every row
}

var _ renderer = &lineRenderer{}

func newLineRenderer(w io.Writer, width, height int) *lineRenderer {
	s := &lineRenderer{w: w, width: width, height: height, repaint: true}
	s.colors = colorprofile.Writer{Forward: &s.out, Profile: colorprofile.TrueColor}
	return s
}

// start implements renderer. Whatever the terminal showed before is
// unknown, so the next frame starts from scratch.
func (s *lineRenderer) start() {
	s.mu.Lock()
	s.forget()
	if s.method == ansi.GraphemeWidth { // close turned it off
		s.pending.WriteString(ansi.SetModeUnicodeCore)
	}
	s.mu.Unlock()
}

// forget drops what the renderer knows of the terminal, so the next frame
// sets every mode and draws every row.
func (s *lineRenderer) forget() {
	s.last = nil
	s.lines = nil
	s.inlineRows = 0
	s.repaint = true
}

// close implements renderer: it leaves the terminal as the program found
// it.
func (s *lineRenderer) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.out.Reset()
	s.out.Write(s.pending.Bytes())
	s.pending.Reset()
	if lv := s.last; lv != nil {
		if lv.AltScreen {
			s.out.WriteString(ansi.SetModeAutoWrap + ansi.ResetModeAltScreenSaveCursor)
		}
		if lv.Cursor == nil {
			s.out.WriteString(ansi.SetModeTextCursorEnable)
		}
		if !lv.DisableBracketedPasteMode {
			s.out.WriteString(ansi.ResetModeBracketedPaste)
		}
		if lv.WindowTitle != "" {
			s.out.WriteString(ansi.SetWindowTitle(""))
		}
	}
	if s.method == ansi.GraphemeWidth {
		s.out.WriteString(ansi.ResetModeUnicodeCore)
	}
	s.forget()
	if _, err := s.w.Write(s.out.Bytes()); err != nil {
		return fmt.Errorf("bubbletea: closing the screen: %w", err)
	}
	return nil
}

// render implements renderer.
func (s *lineRenderer) render(v View) {
	s.mu.Lock()
	s.view = v
	s.mu.Unlock()
}

// flush implements renderer: it draws the latest view if it differs from
// the one on the terminal.
func (s *lineRenderer) flush(bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()

	v := s.view
	s.out.Reset()
	s.out.Write(s.pending.Bytes())
	s.pending.Reset()
	if s.repaint || !viewEquals(s.last, &v) {
		s.frame(&v)
		s.last = &v
	}
	if s.out.Len() == 0 {
		return nil
	}
	if _, err := s.w.Write(s.out.Bytes()); err != nil {
		return fmt.Errorf("bubbletea: writing a frame: %w", err)
	}
	return nil
}

// frame writes to s.out what turns the terminal's screen into v's.
func (s *lineRenderer) frame(v *View) {
	lv := s.last
	if s.syncd {
		s.out.WriteString(ansi.SetModeSynchronizedOutput)
	}
	if lv == nil || lv.AltScreen != v.AltScreen {
		s.switchScreen(v.AltScreen, lv == nil)
	}
	if lv == nil || lv.DisableBracketedPasteMode != v.DisableBracketedPasteMode {
		if !v.DisableBracketedPasteMode {
			s.out.WriteString(ansi.SetModeBracketedPaste)
		} else if lv != nil {
			s.out.WriteString(ansi.ResetModeBracketedPaste)
		}
	}
	if (lv == nil && v.WindowTitle != "") || (lv != nil && lv.WindowTitle != v.WindowTitle) {
		s.out.WriteString(ansi.SetWindowTitle(v.WindowTitle))
	}
	// A shown cursor is hidden while rows are drawn, so it never shows
	// jumping across the screen.
	if lv == nil || lv.Cursor != nil || s.repaint {
		s.out.WriteString(ansi.ResetModeTextCursorEnable)
	}
	if v.AltScreen {
		s.drawRows(v.Content)
	} else {
		s.drawInline(v.Content)
	}
	if c := v.Cursor; c != nil && v.AltScreen {
		s.out.WriteString(ansi.CursorPosition(c.X+1, c.Y+1))
		s.out.WriteString(ansi.SetModeTextCursorEnable)
	}
	s.repaint = false
	if s.syncd {
		s.out.WriteString(ansi.ResetModeSynchronizedOutput)
	}
}

// switchScreen enters or leaves the alternate screen. The first frame
// leaves the main screen alone if it is inline.
func (s *lineRenderer) switchScreen(alt, first bool) {
	switch {
	case alt:
		// Rows never wrap: a terminal that draws a row wider than it was
		// measured cuts it at the edge instead of spilling it into the row
		// below (or, on the last row, scrolling the whole screen).
		s.out.WriteString(ansi.SetModeAltScreenSaveCursor + ansi.ResetModeAutoWrap)
	case !first:
		s.out.WriteString(ansi.SetModeAutoWrap + ansi.ResetModeAltScreenSaveCursor)
	}
	s.lines = nil
	s.inlineRows = 0
	s.repaint = true
}

// drawRows updates the alternate screen row by row: a row is written only
// if its text changed. Rows past the screen's height are cut off, as are
// columns past its width.
func (s *lineRenderer) drawRows(content string) {
	rows := splitRows(content, s.height)
	if s.repaint {
		s.out.WriteString(ansi.ResetStyle + ansi.EraseEntireScreen)
	}
	for y := range s.height {
		var was, now string
		if y < len(s.lines) && !s.repaint {
			was = s.lines[y]
		}
		if y < len(rows) {
			now = rows[y]
		}
		if was == now {
			continue
		}
		s.out.WriteString("\x1b[" + strconv.Itoa(y+1) + "H")
		s.writeRow(now)
	}
	s.lines = rows
}

// drawInline redraws a frame in the main screen, below whatever was there:
// CommonGround only shows its farewell this way, so it is drawn whole.
func (s *lineRenderer) drawInline(content string) {
	s.eraseInline(&s.out)
	rows := strings.Split(content, "\n")
	if len(content) == 0 {
		rows = nil
	}
	if len(rows) > s.height {
		rows = rows[len(rows)-s.height:]
	}
	for i, row := range rows {
		if i > 0 {
			s.out.WriteString("\r\n")
		}
		s.writeRow(row)
	}
	s.inlineRows = len(rows)
}

// eraseInline writes to buf what erases the last inline frame, leaving the
// cursor where it began.
func (s *lineRenderer) eraseInline(buf *bytes.Buffer) {
	if s.inlineRows > 1 {
		buf.WriteString(ansi.CursorUp(s.inlineRows - 1))
	}
	if s.inlineRows > 0 {
		buf.WriteString("\r" + ansi.EraseScreenBelow)
	}
}

// writeRow writes one row at the cursor, converted to the terminal's
// colours and ending with the style reset, and erases what is left of the
// old row. A row exactly as wide as the screen is not followed by an erase:
// with the cursor parked on the last column it would wipe the last
// character.
func (s *lineRenderer) writeRow(row string) {
	w := s.method.StringWidth(row)
	if w > s.width {
		row = s.method.Truncate(row, s.width, "")
		// A wide character across the edge is dropped whole, leaving a
		// column to erase.
		w = s.method.StringWidth(row)
	}
	styled := strings.IndexByte(row, ansi.ESC) >= 0
	if s.convert != nil && styled && s.colors.Profile != colorprofile.TrueColor {
		s.out.WriteString(s.convert(row, s.colors.Profile))
	} else {
		_, _ = s.colors.WriteString(row)
	}
	if styled {
		s.out.WriteString(ansi.ResetStyle)
	}
	if w < s.width {
		s.out.WriteString(ansi.EraseLineRight)
	}
}

// splitRows cuts content into at most n rows, dropping carriage returns
// (rows are placed by cursor position, never by line endings). The rows
// are shared with every other program that draws the same content at the
// same height (sharedSplits) and must not be written to.
func splitRows(content string, n int) []string {
	if content == "" {
		return nil
	}
	slot := &sharedSplits[(len(content)*31+n)%len(sharedSplits)]
	if e := slot.Load(); e != nil && e.n == n && e.content == content {
		return e.rows
	}
	rows := cutRows(content, n)
	slot.Store(&splitEntry{content: content, n: n, rows: rows})
	return rows
}

// sharedSplits keeps the rows of frames cut lately, in slots chosen by
// the frame's length and height. A server that runs a program per SSH
// participant has most of them draw the very same frame (CommonGround
// draws it once for all, in one string): each cut it into the same rows,
// and the cutting was 38% of what the server allocated in a change shown
// to 1,000 (CommonGround patch). A frame only one program draws takes a
// slot until another frame of its slot comes; comparing a frame with the
// one kept costs nothing when they are the same string, and little when
// they differ, as they soon do.
var sharedSplits [16]atomic.Pointer[splitEntry]

// splitEntry is one frame's rows, read-only once stored.
type splitEntry struct {
	content string
	n       int
	rows    []string
}

// cutRows cuts content into at most n rows, as splitRows does.
func cutRows(content string, n int) []string {
	rows := strings.SplitN(content, "\n", n+1)
	if len(rows) > n {
		rows = rows[:n]
	}
	for i, row := range rows {
		rows[i] = strings.TrimSuffix(row, "\r")
	}
	return rows
}

// reset implements renderer.
func (s *lineRenderer) reset() {
	s.mu.Lock()
	s.forget()
	s.mu.Unlock()
}

// insertAbove implements renderer. Lines printed above the program only
// make sense inline; on the alternate screen they are dropped, as
// [Println] documents.
func (s *lineRenderer) insertAbove(str string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last == nil || s.last.AltScreen {
		return nil
	}
	s.eraseInline(&s.pending)
	s.pending.WriteString(strings.ReplaceAll(str, "\n", "\r\n") + "\r\n")
	s.inlineRows = 0
	s.repaint = true
	return nil
}

// setSyncdUpdates implements renderer.
func (s *lineRenderer) setSyncdUpdates(syncd bool) {
	s.mu.Lock()
	s.syncd = syncd
	s.mu.Unlock()
}

// setWidthMethod implements renderer. Grapheme widths are what the
// terminal said it supports (mode 2027); it is told to use them.
func (s *lineRenderer) setWidthMethod(method ansi.Method) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if method == ansi.GraphemeWidth && s.method != method {
		s.pending.WriteString(ansi.SetModeUnicodeCore)
	}
	s.method = method
	s.repaint = true
}

// resize implements renderer: the next frame redraws everything.
func (s *lineRenderer) resize(width, height int) {
	s.mu.Lock()
	s.width, s.height = width, height
	s.repaint = true
	s.mu.Unlock()
}

// setColorProfile implements renderer.
func (s *lineRenderer) setColorProfile(p colorprofile.Profile) {
	s.mu.Lock()
	s.colors.Profile = p
	s.repaint = true
	s.mu.Unlock()
}

// clearScreen implements renderer.
func (s *lineRenderer) clearScreen() {
	s.mu.Lock()
	s.repaint = true
	s.mu.Unlock()
}

// writeString implements renderer: the string goes out with the next
// frame.
func (s *lineRenderer) writeString(str string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pending.WriteString(str) //nolint:wrapcheck
}

// onMouse implements renderer. This renderer leaves mouse modes alone, so
// no mouse events arrive.
func (s *lineRenderer) onMouse(MouseMsg) Cmd { return nil }
