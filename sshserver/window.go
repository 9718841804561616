package sshserver

import "charm.land/ssh"

// Largest terminal drawn for: a projector at 1080p with a small font is
// about 240x70. Every frame is a string of the window's size, kept until
// the next one, so a client claiming 10000x10000 would otherwise cost the
// server hundreds of megabytes a frame; a larger terminal shows the screen
// in its top-left corner.
const (
	maxWidth  = 320
	maxHeight = 120
)

// clampWindow is the size a program draws for a terminal of window's size.
func clampWindow(w ssh.Window) (width, height int) {
	return min(max(w.Width, 0), maxWidth), min(max(w.Height, 0), maxHeight)
}
