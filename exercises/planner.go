package exercises

// Planner is an activity's data that plans actions (an assumption map's
// tests, a funder alignment's approaches, a conflict's agreements): what
// a cohort's lobby lists for their owners and a later session reviews.
type Planner interface {
	ActionItems() []ActionItem
}
