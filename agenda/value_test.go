package agenda

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// party is a settings entry of the shape an exercise to come may have (a
// conflict's parties): a list of structs named by JSON tags.
type party struct {
	Name      string   `json:"name"`
	OrgName   string   `json:"org_name,omitempty"`
	Interests []string `json:"interests,omitempty"`
	Seats     int      `json:"seats"`
}

// TestValueByJSONNames reads settings of a struct type the catalog's
// exercises do not have: keys by JSON names, texts cleaned, and each
// problem at its node with what would be valid.
func TestValueByJSONNames(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       string // the JSON read, or the problems
	}{
		{"OK", "- name: \"Tenants\\u200b\"\n  org_name: Union\n  interests: [rent, repairs]\n  seats: 2\n- name: Owners\n  seats: 1\n",
			`[{"interests":["rent","repairs"],"name":"Tenants","org_name":"Union","seats":2},{"name":"Owners","seats":1}]`},
		{"UnknownKey", "- name: A\n  orgname: B\n",
			`f:2:3: parties entry 1 has no key "orgname"; did you mean "org_name"?`},
		{"WrongTypes", "- name: [A]\n  seats: many\n",
			"f:1:9: parties entry 1 name must be a text, not a list\nf:2:10: parties entry 1 seats must be a whole number, not \"many\""},
		{"NotAList", "name: A\n", `f:1:1: parties must be a list of sets of "key: value" lines, not a set of keys`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(tc.yaml), &doc); err != nil {
				t.Fatal(err)
			}
			p := &Problems{File: "f"}
			v, ok := p.value(doc.Content[0], reflect.TypeFor[[]party](), "parties")
			got := p.Error()
			if ok {
				raw, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				got = string(raw)
			}
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
			if ok {
				var back []party
				if err := json.Unmarshal([]byte(got), &back); err != nil || strings.Contains(got, "\u200b") {
					t.Errorf("the JSON does not read as the type: %v", err)
				}
			}
		})
	}
}
