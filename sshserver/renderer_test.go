package sshserver

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/hinshun/vt10x"
)

// frameModel shows whatever frame it was last sent, on the alternate
// screen, like CommonGround's screens.
type frameModel struct{ content string }

type frameMsg string

func (m frameModel) Init() tea.Cmd { return nil }

func (m frameModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if f, ok := msg.(frameMsg); ok {
		m.content = string(f)
	}
	return m, nil
}

func (m frameModel) View() tea.View {
	v := tea.NewView(m.content)
	v.AltScreen = true
	return v
}

// emulator is a vt10x terminal that the program under test writes to.
type emulator struct {
	mu      sync.Mutex
	vt      vt10x.Terminal
	changed chan struct{}
}

func (e *emulator) Write(p []byte) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.vt.Write(p); err != nil {
		return 0, fmt.Errorf("emulator: %w", err)
	}
	select {
	case e.changed <- struct{}{}:
	default:
	}
	return len(p), nil
}

// mismatch says how the emulator's screen differs from want (rows of
// plain text, and how wide each row's text is, styled spaces included), or
// "" if it shows exactly that: the same characters, and no background
// colour past the end of a row.
func (e *emulator) mismatch(want []string, widths []int) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	cols, rows := e.vt.Size()
	for y := range rows {
		var line strings.Builder
		for x := range cols {
			g := e.vt.Cell(x, y)
			c := g.Char
			if c == 0 {
				c = ' '
			}
			line.WriteRune(c)
			if x >= widths[y] && g.BG != vt10x.DefaultBG {
				return fmt.Sprintf("row %d: column %d past the text has background %d", y, x, g.BG)
			}
		}
		if got := strings.TrimRight(line.String(), " "); got != want[y] {
			return fmt.Sprintf("row %d: got %q, want %q", y, got, want[y])
		}
	}
	return ""
}

// randomRow builds a row of styled words, sometimes wider than the screen.
func randomRow(r *rand.Rand, width int) string {
	words := []string{"assumption", "Food Bank", "é", "ß", "—", "•", "willing", "3.5", "▶", "│", "x", "   "}
	styles := []lipgloss.Style{
		lipgloss.NewStyle(),
		lipgloss.NewStyle().Bold(true),
		lipgloss.NewStyle().Foreground(lipgloss.Color("212")),
		lipgloss.NewStyle().Background(lipgloss.Color("#3355aa")).Foreground(lipgloss.Color("#ffffff")),
		lipgloss.NewStyle().Reverse(true),
	}
	var row strings.Builder
	for lipgloss.Width(row.String()) < r.IntN(width+10) {
		row.WriteString(styles[r.IntN(len(styles))].Render(words[r.IntN(len(words))]))
	}
	return row.String()
}

// plainRows is what a terminal of the given size shows for content: each
// row's text, and how many columns it covers.
func plainRows(content string, width, height int) ([]string, []int) {
	want, widths := make([]string, height), make([]int, height)
	for y, row := range strings.Split(content, "\n") {
		if y >= height {
			break
		}
		plain := ansi.Truncate(ansi.Strip(row), width, "")
		want[y], widths[y] = strings.TrimRight(plain, " "), ansi.StringWidth(plain)
	}
	return want, widths
}

// TestLineRendererDrawsEveryFrame runs the renderer the server uses through
// a real Bubble Tea program into a terminal emulator: frames of random
// styled rows, each a small edit of the last (the case the renderer
// optimises: rows that did not change are not sent), with whole new frames,
// empty frames, too-long rows and resizes among them. After each frame the
// screen must show exactly that frame.
func TestLineRendererDrawsEveryFrame(t *testing.T) {
	width, height := 40, 12
	emu := &emulator{vt: vt10x.New(vt10x.WithSize(width, height)), changed: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	p := tea.NewProgram(frameModel{}, tea.WithContext(ctx), tea.WithInput(nil), tea.WithOutput(emu),
		tea.WithWindowSize(width, height), tea.WithoutSignalHandler(), tea.WithFPS(120), tea.WithColorProfile(colorprofile.ANSI256), tea.WithLineRenderer())
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()

	r := rand.New(rand.NewPCG(5, 22))
	var rows []string
	for step := range 300 {
		switch k := r.IntN(20); {
		case k == 0:
			rows = nil // an empty frame
		case k == 1:
			rows = make([]string, r.IntN(height+4)) // a whole new frame, maybe too tall
			for i := range rows {
				rows[i] = randomRow(r, width)
			}
		case k == 2:
			width, height = 20+r.IntN(40), 5+r.IntN(15)
			emu.mu.Lock()
			emu.vt.Resize(width, height)
			emu.mu.Unlock()
			p.Send(tea.WindowSizeMsg{Width: width, Height: height})
		case k < 6 && len(rows) > 0:
			rows = rows[:len(rows)-1] // the frame gets shorter
		default:
			if len(rows) < height+2 && r.IntN(3) == 0 {
				rows = append(rows, "")
			}
			if len(rows) > 0 {
				rows[r.IntN(len(rows))] = randomRow(r, width) // one row changes
			}
		}
		content := strings.Join(rows, "\n")
		// A marker row keeps consecutive frames distinct, so each one is drawn.
		content = fmt.Sprintf("frame %d\n", step) + content
		p.Send(frameMsg(content))
		want, widths := plainRows(content, width, height)
		deadline := time.After(10 * time.Second)
		for diff := emu.mismatch(want, widths); diff != ""; diff = emu.mismatch(want, widths) {
			select {
			case <-emu.changed:
			case <-deadline:
				t.Fatalf("step %d (%dx%d): %s", step, width, height, diff)
			}
		}
	}
	p.Quit()
	if err := <-done; err != nil {
		t.Fatalf("program: %v", err)
	}
}
