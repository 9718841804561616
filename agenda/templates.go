package agenda

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"

	"commonground/exercises"
)

// templateFiles are the built-in agendas, one YAML file each: adding a
// template is adding a file to templates/.
//
//go:embed templates/*.yaml
var templateFiles embed.FS

// Template is a built-in agenda.
type Template struct {
	Name  string // the file's name without .yaml: --template NAME
	About string // the file's first comment line
	Data  []byte // the file as written, its comments the facilitator's notes
}

// Templates returns the built-in agendas by name.
func Templates() []Template {
	entries, err := fs.Glob(templateFiles, "templates/*.yaml")
	if err != nil {
		panic(err) // the pattern is valid
	}
	sort.Strings(entries)
	out := make([]Template, 0, len(entries))
	for _, e := range entries {
		data, err := templateFiles.ReadFile(e)
		if err != nil {
			panic(err) // embedded: it is there
		}
		out = append(out, Template{Name: strings.TrimSuffix(path.Base(e), ".yaml"), About: about(data), Data: data})
	}
	return out
}

// TemplateNamed returns the template called name. The error lists the
// templates there are.
func TemplateNamed(name string) (Template, error) {
	var names []string
	for _, t := range Templates() {
		if t.Name == name {
			return t, nil
		}
		names = append(names, t.Name)
	}
	return Template{}, exercises.Errorf(exercises.ENotFound, "there is no template %q; the templates are %s (commonground agenda templates lists them)",
		name, strings.Join(names, ", "))
}

// about is the first comment line of a file, without its "#".
func about(data []byte) string {
	for _, line := range strings.Split(string(data), "\n") {
		if s, ok := strings.CutPrefix(strings.TrimSpace(line), "#"); ok && strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}
