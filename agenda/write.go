package agenda

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"

	"commonground/exercises/catalog"
)

// Write returns the agenda as a file that Parse reads back as the same
// agenda: every activity with all its settings written out, its own ones
// in the order of the exercise's settings type. note, when not empty, is
// written at the top as a comment.
func Write(a Agenda, note string) ([]byte, error) {
	root := &yaml.Node{Kind: yaml.MappingNode, HeadComment: note}
	pair(root, keyTitle, str(a.Title))
	loc := time.UTC
	if a.TimeZone != "" {
		l, err := time.LoadLocation(a.TimeZone)
		if err != nil {
			return nil, fmt.Errorf("write the agenda: %w", err)
		}
		loc = l
		pair(root, keyTimeZone, str(a.TimeZone))
	}
	if len(a.Facilitators) > 0 {
		list := &yaml.Node{Kind: yaml.SequenceNode}
		for _, f := range a.Facilitators {
			list.Content = append(list.Content, str(f))
		}
		pair(root, keyFacilitators, list)
	}
	acts := &yaml.Node{Kind: yaml.SequenceNode}
	for _, act := range a.Activities {
		n := &yaml.Node{Kind: yaml.MappingNode}
		pair(n, keyKind, str(string(act.Kind)))
		pair(n, keyTitle, str(act.Title))
		pair(n, keyPrompt, str(act.Prompt))
		pair(n, keyAnonymity, str(string(act.Anonymity)))
		if m := Minutes(act); m > 0 {
			pair(n, keyMinutes, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(m)})
		}
		results := resultsReveal
		if act.Live {
			results = resultsLive
		}
		pair(n, keyResults, str(results))
		if p := act.Prework; p != nil {
			pw := &yaml.Node{Kind: yaml.MappingNode}
			pair(pw, keyOpens, str(p.Opens.In(loc).Format(time.RFC3339)))
			pair(pw, keyDue, str(p.Due.In(loc).Format(time.RFC3339)))
			pair(n, keyPrework, pw)
		}
		ex, ok := catalog.Get(act.Kind)
		if !ok {
			return nil, fmt.Errorf("activity %q: unknown exercise %q", act.Title, act.Kind)
		}
		values, err := settingsJSON(act)
		if err != nil {
			return nil, err
		}
		for _, s := range SettingsOf(ex) {
			// A setting left out of the JSON is empty: written as such,
			// so that it is not read back as the exercise's default.
			var v any = reflect.Zero(s.Type).Interface()
			if raw, ok := values[s.Name]; ok {
				if err := json.Unmarshal(raw, &v); err != nil {
					return nil, fmt.Errorf("activity %q, %s: %w", act.Title, s.Name, err)
				}
			}
			var vn yaml.Node
			if err := vn.Encode(v); err != nil {
				return nil, fmt.Errorf("activity %q, %s: %w", act.Title, s.Name, err)
			}
			pair(n, s.Name, &vn)
		}
		acts.Content = append(acts.Content, n)
	}
	pair(root, keyActivities, acts)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("write the agenda: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("write the agenda: %w", err)
	}
	return buf.Bytes(), nil
}

func pair(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, str(key), v)
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
