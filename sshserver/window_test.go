package sshserver

import (
	"testing"

	"charm.land/ssh"
)

func TestClampWindow(t *testing.T) {
	tests := []struct {
		in   ssh.Window
		w, h int
	}{
		{ssh.Window{Width: 80, Height: 24}, 80, 24},
		{ssh.Window{Width: 320, Height: 120}, 320, 120},
		{ssh.Window{Width: 10000, Height: 10000}, maxWidth, maxHeight},
		{ssh.Window{Width: 1000, Height: 30}, maxWidth, 30},
		{ssh.Window{Width: -5, Height: -1}, 0, 0},
	}
	for _, tt := range tests {
		if w, h := clampWindow(tt.in); w != tt.w || h != tt.h {
			t.Errorf("clampWindow(%dx%d) = %dx%d, want %dx%d", tt.in.Width, tt.in.Height, w, h, tt.w, tt.h)
		}
	}
}
