// Package agenda reads and writes agenda files: a workshop prepared as
// YAML, with its title, its facilitators and its activities in order, each
// with its exercise's own settings. The file is generic over the exercises
// of exercises/catalog: the keys an activity may have beyond those every
// activity has are its exercise's settings, read from the JSON names of its
// settings type, and each exercise checks them itself (Exercise.Validate).
// Errors name a line and a column and say what would be valid.
//
// The YAML library is go.yaml.in/yaml/v3, the YAML organisation's
// maintained continuation of gopkg.in/yaml.v3: its node tree keeps the
// line and column of every key and value, which the messages need, and it
// writes the comments a file's reader is given.
package agenda

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"commonground/exercises"
)

// Limits of an agenda file, besides those each exercise sets.
const (
	MaxActivities = 40
	MaxMinutes    = 240 // planned minutes of one activity
	MaxTitleLen   = exercises.MaxNameLen
	MaxPromptLen  = exercises.MaxTextLen
	MaxFileSize   = 256 << 10 // bytes
)

// Agenda is a prepared workshop: what an agenda file holds.
type Agenda struct {
	Title string
	// Facilitators are public keys ("ssh-ed25519 AAAA..."), fingerprints
	// ("SHA256:...") or, on the server host, public key files, as the file
	// gives them; FacilitatorAt is where each is in the file.
	Facilitators  []string
	FacilitatorAt []Pos
	Activities    []exercises.Activity
	// TimeZone is the IANA zone ("Europe/Berlin") in which the file's
	// prework times without an offset are read; "" reads them as UTC.
	TimeZone string
}

// Pos is a place in a file, counted from 1.
type Pos struct{ Line, Column int }

// Problem is one error in an agenda file.
type Problem struct {
	Pos
	Message string
}

// Problems are every error found in a file, in the order of the file.
type Problems struct {
	File string
	List []Problem
}

// Error lists the problems one a line, "FILE:LINE:COLUMN: message".
func (p *Problems) Error() string {
	var b strings.Builder
	for i, pr := range p.List {
		if i > 0 {
			b.WriteByte('\n')
		}
		switch {
		case pr.Line == 0:
			fmt.Fprintf(&b, "%s: %s", p.File, pr.Message)
		case pr.Column == 0:
			fmt.Fprintf(&b, "%s:%d: %s", p.File, pr.Line, pr.Message)
		default:
			fmt.Fprintf(&b, "%s:%d:%d: %s", p.File, pr.Line, pr.Column, pr.Message)
		}
	}
	return b.String()
}

func (p *Problems) add(at Pos, format string, args ...any) {
	p.List = append(p.List, Problem{Pos: at, Message: fmt.Sprintf(format, args...)})
}

// Common keys of every activity, in the order they are written.
const (
	keyKind      = "kind"
	keyTitle     = "title"
	keyPrompt    = "prompt"
	keyAnonymity = "anonymity"
	keyMinutes   = "minutes"
	keyResults   = "results"
	keyPrework   = "prework"
)

var commonKeys = []string{keyKind, keyTitle, keyPrompt, keyAnonymity, keyMinutes, keyResults, keyPrework}

// Keys of an activity's prework, and how its times are written: a date
// and time in the file's time zone, or with an offset (RFC 3339), or a
// date alone, which opens at the start of the day and is due at its end.
const (
	keyOpens = "opens"
	keyDue   = "due"
)

var preworkKeys = []string{keyOpens, keyDue}

// The values of results: live, or when a phase or the facilitator reveals
// them (exercises.Activity.Live).
const (
	resultsLive   = "live"
	resultsReveal = "after reveal"
)

// Keys of the file itself.
const (
	keyFacilitators = "facilitators"
	keyActivities   = "activities"
	keyTimeZone     = "timezone"
)

var topKeys = []string{keyTitle, keyTimeZone, keyFacilitators, keyActivities}

// Setting is one of an exercise's own settings, as an agenda file has it.
type Setting struct {
	Name string       // its key: the JSON name in the exercise's settings type
	Type reflect.Type // the Go type of its value
}

// SettingsOf lists an exercise's own settings: the fields of its settings
// type (that of its Defaults) with their JSON names, in the type's order.
// An exercise without settings has none.
func SettingsOf(e exercises.Exercise) []Setting {
	s := e.Defaults().Settings
	if s == nil {
		return nil
	}
	t := reflect.TypeOf(s)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	return fieldsOf(t)
}

// fieldsOf is a struct's exported fields with their JSON names, in order.
func fieldsOf(t reflect.Type) []Setting {
	var out []Setting
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, Setting{Name: name, Type: f.Type})
	}
	return out
}

// Minutes is an activity's planned time in whole minutes, as a file has it.
func Minutes(a exercises.Activity) int { return int(a.TimeBox / time.Minute) }

// Minutes is the agenda's planned time in whole minutes.
func (a Agenda) Minutes() int {
	n := 0
	for _, act := range a.Activities {
		n += Minutes(act)
	}
	return n
}

// settingsJSON is an activity's own settings as one JSON object of keys to
// values, for reading them back in the exercise's settings type.
func settingsJSON(a exercises.Activity) (map[string]json.RawMessage, error) {
	out := map[string]json.RawMessage{}
	if a.Settings == nil {
		return out, nil
	}
	raw, err := json.Marshal(a.Settings)
	if err != nil {
		return nil, fmt.Errorf("encode the settings of %q: %w", a.Title, err)
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("read the settings of %q: %w", a.Title, err)
	}
	return out, nil
}
