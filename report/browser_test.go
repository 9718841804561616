package report_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browser starts Debian's headless Chromium for the test, with the flags
// this machine's closed network needs. Without Chromium the test is
// skipped on a workstation and fails in CI, which installs it.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install Chromium (Debian's chromium package) for the report's browser test")
		}
		t.Skip("no chromium on this machine: apt-get install chromium")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1000, 1400))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx
}

// chart is an SVG chart as the browser laid it out.
type chart struct {
	Class  string  `json:"class"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	WantW  float64 `json:"wantW"`
	WantH  float64 `json:"wantH"`
	Marks  int     `json:"marks"`
}

// TestReportInABrowser renders the HTML reports of the golden workshops
// (a kickoff with its willingness check, an assumption map, each also
// anonymous or organisation-only, a funder alignment, a conflict
// resolution) and of the recorded demo workshop in headless Chromium: the page loads
// with no errors in its console, requests nothing from the network, runs
// no script, and every chart is drawn at its size with its marks. It saves
// a screenshot of each in SCREENSHOT_DIR when it is set: the demo
// workshop's is docs/report.png (SCREENSHOT_DIR=/tmp/shots, then copy
// report-dem0-rec3.png).
func TestReportInABrowser(t *testing.T) {
	ctx := browser(t)
	var mu sync.Mutex
	var problems []string
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			problems = append(problems, fmt.Sprintf("console.%s", e.Type))
		}
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		file   string
		charts map[string]int // class -> least marks
	}{
		{"kickoff.html", map[string]int{"willingness-bars": 3, "willingness-heatmap": 3}},
		{"kickoff-anonymous.html", map[string]int{"willingness-bars": 3}},
		{"map.html", map[string]int{"assumption-map": 3}},
		{"map-organisation.html", map[string]int{"assumption-map": 3}},
		{"funders.html", map[string]int{"funders-heatmap": 6, "funders-grid": 3}},
		{"conflict.html", map[string]int{"conflict-poll": 2}},
		// The demo workshop as the release that recorded it left it: every
		// exercise of the demo agenda with its answers (docs/report.png).
		{"../../cmd/commonground/testdata/recorded/f7904b6/dem0-rec3.html", map[string]int{"willingness-bars": 9,
			"willingness-heatmap": 9, "assumption-map": 3, "funders-heatmap": 6, "funders-grid": 2}},
	} {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			path, err := filepath.Abs(filepath.Join("testdata", c.file))
			if err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate("file://"+path), chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({
				scripts: document.scripts.length,
				external: performance.getEntriesByType("resource").map(r => r.name),
				charts: [...document.querySelectorAll("svg.chart")].map(s => {
					const r = s.getBoundingClientRect();
					return {class: s.getAttribute("class"), width: r.width, height: r.height,
						wantW: +s.getAttribute("width"), wantH: +s.getAttribute("height"),
						marks: s.querySelectorAll("rect, circle, polygon").length};
				}),
			})`))
			if err != nil {
				t.Fatal(err)
			}
			shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			var page struct {
				Scripts  int      `json:"scripts"`
				External []string `json:"external"`
				Charts   []chart  `json:"charts"`
			}
			if err := json.Unmarshal([]byte(out), &page); err != nil {
				t.Fatal(err)
			}
			if page.Scripts != 0 || len(page.External) != 0 {
				t.Errorf("the page has %d scripts and fetched %q: it must stand alone", page.Scripts, page.External)
			}
			for class, least := range c.charts {
				found := false
				for _, ch := range page.Charts {
					if !strings.Contains(ch.Class, class) {
						continue
					}
					found = true
					if ch.Width != ch.WantW || ch.Height != ch.WantH || ch.Width == 0 {
						t.Errorf("%s drawn at %vx%v, want %vx%v", class, ch.Width, ch.Height, ch.WantW, ch.WantH)
					}
					if ch.Marks < least {
						t.Errorf("%s has %d marks, want at least %d", class, ch.Marks, least)
					}
				}
				if !found {
					t.Errorf("no %s chart in %+v", class, page.Charts)
				}
			}
			if len(shot) < 10_000 {
				t.Errorf("the screenshot is %d bytes: nothing drawn?", len(shot))
			}
			dir := os.Getenv("SCREENSHOT_DIR")
			if dir == "" {
				dir = t.TempDir()
			}
			if err := os.WriteFile(filepath.Join(dir, "report-"+strings.TrimSuffix(filepath.Base(c.file), ".html")+".png"), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("the browser reported %q", problems)
	}
}
