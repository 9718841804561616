package agenda

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"commonground/exercises"
	"commonground/exercises/catalog"
	"commonground/internal/nearest"
)

// Parse reads an agenda file; name is how messages call it. It returns a
// *Problems listing every error found, each with its place in the file.
// Every text is cleaned as a participant's is (exercises.CleanText), so no
// escape or invisible character reaches a terminal; text over a limit is
// an error, never cut.
func Parse(name string, data []byte) (Agenda, error) {
	p := &Problems{File: name}
	if len(data) > MaxFileSize {
		p.add(Pos{}, "the file has %d bytes; an agenda file has at most %d", len(data), MaxFileSize)
		return Agenda{}, p
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		p.List = append(p.List, syntaxProblem(err))
		return Agenda{}, p
	}
	if len(doc.Content) == 0 {
		p.add(Pos{}, "the file is empty: an agenda has a title and activities (see commonground agenda show --template kickoff)")
		return Agenda{}, p
	}
	a := p.file(doc.Content[0])
	if len(p.List) > 0 {
		return Agenda{}, p
	}
	return a, nil
}

// yamlLine finds the line in the library's messages, "yaml: line 3: ...".
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// syntaxProblem turns the library's error about a file that is not YAML
// into a problem at its line.
func syntaxProblem(err error) Problem {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	pr := Problem{Message: "this is not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		pr.Line, _ = strconv.Atoi(m[1])
		pr.Message = "this is not valid YAML: " + msg[len(m[0]):]
	}
	return pr
}

func at(n *yaml.Node) Pos { return Pos{Line: n.Line, Column: n.Column} }

// entry is one key of a mapping with its value.
type entry struct {
	key, value *yaml.Node
}

// mapping returns the keys of a mapping node in order. It reports keys
// given twice and keys not in known (with the nearest known one), and
// leaves them out; what names the mapping in messages.
func (p *Problems) mapping(n *yaml.Node, what string, known []string) map[string]entry {
	out := map[string]entry{}
	if n.Kind != yaml.MappingNode {
		p.add(at(n), "%s must be a set of \"key: value\" lines, not %s", what, describe(n))
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		if prev, dup := out[name]; dup {
			p.add(at(k), "%q is given twice in %s (first on line %d)", name, what, prev.key.Line)
			continue
		}
		if !slices.Contains(known, name) {
			p.add(at(k), "%s", unknownKey(name, what, known))
			continue
		}
		out[name] = entry{k, v}
	}
	return out
}

// unknownKey says a key is not one of known, with the nearest one.
func unknownKey(name, what string, known []string) string {
	msg := fmt.Sprintf("%s has no key %q", what, exercises.Reclean(name))
	if near := nearest.Word(name, known); near != "" {
		return msg + fmt.Sprintf("; did you mean %q?", near)
	}
	return msg + fmt.Sprintf(" (its keys: %s)", strings.Join(known, ", "))
}

// describe names what a node is, for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a set of keys"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return fmt.Sprintf("%q", exercises.Reclean(n.Value))
}

// file reads the whole file.
func (p *Problems) file(root *yaml.Node) Agenda {
	var a Agenda
	keys := p.mapping(root, "the agenda", topKeys)
	if e, ok := keys[keyTitle]; ok {
		a.Title = p.text(e.value, "the workshop's title", MaxPromptLen)
	} else {
		p.add(at(root), "the agenda needs a title: add a line like \"title: Partnership kickoff\"")
	}
	loc := time.UTC
	if e, ok := keys[keyTimeZone]; ok {
		a.TimeZone = p.text(e.value, "the time zone", MaxTitleLen)
		if l, err := time.LoadLocation(a.TimeZone); err != nil || a.TimeZone == "" || a.TimeZone == "Local" {
			p.add(at(e.value), "the time zone must be a name like Europe/Berlin or America/New_York, not %s", describe(e.value))
		} else {
			loc = l
		}
	}
	if e, ok := keys[keyFacilitators]; ok {
		for _, n := range p.list(e.value, "facilitators") {
			if k := p.text(n, "a facilitator's key", 16<<10); k != "" {
				a.Facilitators = append(a.Facilitators, k)
				a.FacilitatorAt = append(a.FacilitatorAt, at(n))
			}
		}
	}
	e, ok := keys[keyActivities]
	if !ok {
		p.add(at(root), "the agenda needs activities: add \"activities:\" with one \"- kind: ...\" per activity (kinds: %s)", catalog.KindList())
		return a
	}
	list := p.list(e.value, "activities")
	if len(list) == 0 && e.value.Kind == yaml.SequenceNode {
		p.add(at(e.key), "the agenda needs at least one activity")
	}
	if len(list) > MaxActivities {
		p.add(at(e.key), "an agenda has at most %d activities, not %d", MaxActivities, len(list))
		return a
	}
	for i, n := range list {
		if act, ok := p.activity(n, i+1, loc); ok {
			a.Activities = append(a.Activities, act)
		}
	}
	return a
}

// list returns the entries of a sequence node.
func (p *Problems) list(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		p.add(at(n), "%s must be a list, one \"- ...\" line per entry, not %s", what, describe(n))
		return nil
	}
	return n.Content
}

// text reads a scalar as cleaned text of at most max characters.
func (p *Problems) text(n *yaml.Node, what string, max int) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.add(at(n), "%s must be a text, not %s", what, describe(n))
		return ""
	}
	s, _ := exercises.CleanText(n.Value, len(n.Value)+1)
	if s == "" {
		p.add(at(n), "%s is empty", what)
	} else if l := exercises.TextLen(s); l > max {
		p.add(at(n), "%s has %d characters; at most %d fit", what, l, max)
	}
	return s
}

// activity reads the index-th activity (from 1).
func (p *Problems) activity(n *yaml.Node, index int, loc *time.Location) (exercises.Activity, bool) {
	what := fmt.Sprintf("activity %d", index)
	if n.Kind != yaml.MappingNode {
		p.mapping(n, what, nil)
		return exercises.Activity{}, false
	}
	kindNode := valueOf(n, keyKind)
	if kindNode == nil {
		p.add(at(n), "%s needs a kind: add \"kind: ...\" (kinds: %s)", what, catalog.KindList())
		return exercises.Activity{}, false
	}
	kind := exercises.Kind(strings.ToLower(strings.TrimSpace(kindNode.Value)))
	ex, ok := catalog.Get(kind)
	if !ok {
		msg := fmt.Sprintf("unknown kind %q; the kinds are %s", exercises.Reclean(kindNode.Value), catalog.KindList())
		if near := nearest.Word(string(kind), strings.Split(catalog.KindList(), ", ")); near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		}
		p.add(at(kindNode), "%s", msg)
		return exercises.Activity{}, false
	}
	own := SettingsOf(ex)
	known := slices.Clone(commonKeys)
	for _, s := range own {
		known = append(known, s.Name)
	}
	before := len(p.List)
	keys := p.mapping(n, fmt.Sprintf("%s (%s)", what, kind), known)
	a := ex.Defaults()
	if e, ok := keys[keyTitle]; ok {
		a.Title = p.text(e.value, "the title of "+what, MaxTitleLen)
	}
	if e, ok := keys[keyPrompt]; ok {
		a.Prompt = p.text(e.value, "the prompt of "+what, MaxPromptLen)
	}
	if e, ok := keys[keyAnonymity]; ok {
		a.Anonymity = exercises.Anonymity(strings.ToLower(p.text(e.value, "the anonymity of "+what, MaxTitleLen)))
		if err := a.CheckAnonymity(); err != nil && a.Anonymity != "" {
			p.add(at(e.value), "%v", err)
		}
	}
	if e, ok := keys[keyMinutes]; ok {
		var m int
		if e.value.Decode(&m) != nil || m < 0 || m > MaxMinutes {
			p.add(at(e.value), "minutes must be a whole number from 0 to %d, not %s", MaxMinutes, describe(e.value))
		}
		a.TimeBox = time.Duration(m) * time.Minute
	}
	if e, ok := keys[keyResults]; ok {
		switch v := strings.ToLower(p.text(e.value, "the results of "+what, MaxTitleLen)); v {
		case resultsLive, resultsReveal:
			a.Live = v == resultsLive
		case "":
		default:
			p.add(at(e.value), "results must be %q (shown as answers come in) or %q (shown when you reveal them), not %s", resultsLive, resultsReveal, describe(e.value))
		}
	}
	if e, ok := keys[keyPrework]; ok {
		a.Prework = p.prework(e.value, what, loc)
		if index == 1 && a.Prework != nil {
			p.add(at(e.key), "the first activity cannot be prework: the live session starts on it (put the prework after a check-in)")
		}
	}
	settings := p.settings(ex, a, own, keys)
	if len(p.List) > before {
		return a, false
	}
	a.Settings = settings
	if err := catalog.Validate(a); err != nil {
		p.add(settingPos(err, n, keys), "%s: %s", what, exercises.ErrorMessage(err))
		return a, false
	}
	return a, true
}

// prework reads an activity's prework marks: when it opens and when it
// is due, each a time in loc, with an offset, or a date alone.
func (p *Problems) prework(n *yaml.Node, what string, loc *time.Location) *exercises.Prework {
	keys := p.mapping(n, "the prework of "+what, preworkKeys)
	var out exercises.Prework
	for _, k := range preworkKeys {
		e, ok := keys[k]
		if !ok {
			if n.Kind == yaml.MappingNode {
				p.add(at(n), "the prework of %s needs %q: add a line like \"%s: 2027-01-14T12:00\"", what, k, k)
			}
			continue
		}
		t, err := PreworkTime(e.value.Value, loc, k == keyDue)
		if err != nil || e.value.Kind != yaml.ScalarNode {
			p.add(at(e.value), "%s must be a date and time like 2027-01-14T12:00 (or 2027-01-14, or with an offset: 2027-01-14T12:00:00+01:00), not %s", k, describe(e.value))
			continue
		}
		if k == keyOpens {
			out.Opens = t
		} else {
			out.Due = t
		}
	}
	if out.Opens.IsZero() || out.Due.IsZero() {
		return nil
	}
	if !out.Due.After(out.Opens) {
		p.add(at(keys[keyDue].value), "the prework is due before it opens")
		return nil
	}
	return &out
}

// PreworkTime reads a prework time as an agenda file or a command line
// writes it: with an offset (RFC 3339), a date and time to the minute in
// loc, or a date alone, which is the start of that day in loc, or for a
// due date its end (the start of the next day: due on the 14th takes
// input all day on the 14th).
func PreworkTime(s string, loc *time.Location, due bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC(), nil
		}
	}
	t, err := time.ParseInLocation(exercises.DateLayout, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("read the time %q: %w", s, err)
	}
	if due {
		t = t.AddDate(0, 0, 1)
	}
	return t.UTC(), nil
}

// valueOf returns the value of a key of a mapping node, nil without it.
func valueOf(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// settings reads the exercise's own settings the activity gives over its
// defaults: each value in the type of its field, its texts cleaned, then
// all of them through the exercise's own reader (Exercise.Settings).
func (p *Problems) settings(ex exercises.Exercise, a exercises.Activity, own []Setting, keys map[string]entry) exercises.Settings {
	values, err := settingsJSON(a)
	if err != nil {
		p.add(Pos{}, "%v", err)
		return nil
	}
	for _, s := range own {
		e, ok := keys[s.Name]
		if !ok {
			continue
		}
		v, ok := p.value(e.value, s.Type, s.Name)
		if !ok {
			continue
		}
		raw, err := json.Marshal(v)
		if err != nil {
			p.add(at(e.value), "%s cannot be read: %v", s.Name, err)
			continue
		}
		values[s.Name] = raw
	}
	raw, err := json.Marshal(values)
	if err != nil {
		p.add(Pos{}, "the settings cannot be read: %v", err)
		return nil
	}
	out, err := ex.Settings(raw)
	if err == nil {
		// As the workshop will store them: an empty list is none.
		if raw, err = json.Marshal(out); err == nil {
			out, err = ex.Settings(raw)
		}
	}
	if err != nil {
		p.add(Pos{}, "the settings cannot be read: %v", err)
	}
	return out
}

// typeWords says what a value of type t is written as, for messages.
func typeWords(t reflect.Type) string {
	one, _ := typeNames(t)
	return one
}

// typeNames names a value of type t, and several of them.
func typeNames(t reflect.Type) (one, many string) {
	switch t.Kind() {
	case reflect.String:
		return "a text", "texts"
	case reflect.Bool:
		return "yes or no (true or false)", "yes or no values"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number", "whole numbers"
	case reflect.Float32, reflect.Float64:
		return "a number", "numbers"
	case reflect.Slice, reflect.Array:
		_, elems := typeNames(t.Elem())
		return "a list of " + elems, "lists of " + elems
	case reflect.Map, reflect.Struct:
		return `a set of "key: value" lines`, `sets of "key: value" lines`
	case reflect.Pointer:
		return typeNames(t.Elem())
	}
	return "a value of type " + t.String(), "values of type " + t.String()
}

// value reads a node as a value of type t for the exercise's settings,
// as JSON will carry it: texts cleaned, lists and sets of keys read entry
// by entry with the JSON names of a struct's fields, each problem at its
// node; what names the value in messages.
func (p *Problems) value(n *yaml.Node, t reflect.Type, what string) (any, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	wrong := func() (any, bool) {
		p.add(at(n), "%s must be %s, not %s", what, typeWords(t), describe(n))
		return nil, false
	}
	null := n.Kind == yaml.ScalarNode && n.Tag == "!!null"
	switch t.Kind() {
	case reflect.String:
		if n.Kind != yaml.ScalarNode || null {
			return wrong()
		}
		s, _ := exercises.CleanText(n.Value, 0)
		return s, true
	case reflect.Slice, reflect.Array:
		if null {
			return nil, true
		}
		if n.Kind != yaml.SequenceNode {
			return wrong()
		}
		out, ok := make([]any, len(n.Content)), true
		for i, c := range n.Content {
			v, vok := p.value(c, t.Elem(), fmt.Sprintf("%s entry %d", what, i+1))
			out[i], ok = v, ok && vok
		}
		return out, ok
	case reflect.Struct, reflect.Map:
		if null {
			return nil, true
		}
		if n.Kind != yaml.MappingNode {
			return wrong()
		}
		return p.set(n, t, what)
	}
	v := reflect.New(t)
	if n.Kind != yaml.ScalarNode || null || n.Decode(v.Interface()) != nil {
		return wrong()
	}
	return v.Elem().Interface(), true
}

// set reads a mapping node as a struct (by its fields' JSON names, with
// the nearest for an unknown key) or a map with text keys.
func (p *Problems) set(n *yaml.Node, t reflect.Type, what string) (any, bool) {
	out, ok := map[string]any{}, true
	var fields []Setting
	if t.Kind() == reflect.Struct {
		fields = fieldsOf(t)
	}
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if _, dup := out[k.Value]; dup {
			p.add(at(k), "%q is given twice in %s", k.Value, what)
			ok = false
			continue
		}
		elem := t.Elem
		if t.Kind() == reflect.Struct {
			j := slices.Index(names, k.Value)
			if j < 0 {
				p.add(at(k), "%s", unknownKey(k.Value, what, names))
				ok = false
				continue
			}
			elem = func() reflect.Type { return fields[j].Type }
		}
		val, vok := p.value(v, elem(), what+" "+k.Value)
		out[k.Value], ok = val, ok && vok
	}
	return out, ok
}

// settingPos is where an exercise's error points: the entry or the
// setting it names (exercises.Error.Setting), else the activity.
func settingPos(err error, activity *yaml.Node, keys map[string]entry) Pos {
	var e *exercises.Error
	if !errors.As(err, &e) {
		return at(activity)
	}
	k, ok := keys[e.Setting]
	if !ok {
		return at(activity)
	}
	if v := k.value; e.Item > 0 && v.Kind == yaml.SequenceNode && e.Item <= len(v.Content) {
		return at(v.Content[e.Item-1])
	}
	return at(k.key)
}
