package exercises_test

import (
	"commonground/exercises"
	"reflect"
	"testing"
)

func TestMerge(t *testing.T) {
	base := []exercises.Card{
		{ID: 1, Text: "one", Authors: []string{"a"}},
		{ID: 2, Text: "two", Authors: []string{"b", "a"}},
		{ID: 3, Text: "three", Authors: []string{"c"}},
		{ID: 4, Text: "four", Authors: []string{"d"}, MergedInto: 3},
	}
	tests := []struct {
		name    string
		into    int
		from    []int
		text    string
		code    string
		authors []string
		text1   string
		merged  map[int]int // card -> MergedInto afterwards
	}{
		{name: "two into one keeps every author once", into: 1, from: []int{2}, authors: []string{"a", "b"}, text1: "one", merged: map[int]int{2: 1}},
		{name: "new text", into: 1, from: []int{2, 3}, text: "merged", authors: []string{"a", "b", "c"}, text1: "merged", merged: map[int]int{2: 1, 3: 1, 4: 1}},
		{name: "into itself", into: 1, from: []int{1}, code: exercises.EInvalid},
		{name: "nothing to merge", into: 1, code: exercises.EInvalid},
		{name: "unknown target", into: 9, from: []int{1}, code: exercises.ENotFound},
		{name: "already merged source", into: 1, from: []int{4}, code: exercises.ENotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := exercises.Deck{Cards: base}.CheckMerge(tt.into, tt.from, tt.text)
			if tt.code != "" {
				if exercises.ErrorCode(err) != tt.code {
					t.Fatalf("err = %v, want code %s", err, tt.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := exercises.Deck{Cards: base}.Merged(tt.into, tt.from, tt.text).Cards
			if !reflect.DeepEqual(got[0].Authors, tt.authors) || got[0].Text != tt.text1 {
				t.Errorf("target = %+v", got[0])
			}
			for id, into := range tt.merged {
				if got[id-1].MergedInto != into {
					t.Errorf("card %d merged into %d, want %d", id, got[id-1].MergedInto, into)
				}
			}
			if base[0].Text != "one" || len(base[0].Authors) != 1 || base[1].MergedInto != 0 {
				t.Error("Merge changed its input")
			}
		})
	}
}

func TestClusters(t *testing.T) {
	cards := []exercises.Card{
		{ID: 1, Cluster: "funding"},
		{ID: 2},
		{ID: 3, Cluster: "people"},
		{ID: 4, Cluster: "funding"},
		{ID: 5, Cluster: "people", Hidden: true},
	}
	names, by := exercises.Clusters(cards)
	if !reflect.DeepEqual(names, []string{"funding", "people", ""}) {
		t.Fatalf("names = %q", names)
	}
	if len(by["funding"]) != 2 || len(by["people"]) != 1 || len(by[""]) != 1 {
		t.Fatalf("clusters = %+v", by)
	}
}
