package exercises

import (
	"errors"
	"fmt"
)

// Error codes. A caller turns a code into words for a person; an error
// without a code is an internal fault.
const (
	EInvalid   = "invalid"   // the input breaks an exercise rule
	EClosed    = "closed"    // input is not open in this phase
	EForbidden = "forbidden" // the caller's role may not do this
	ENotFound  = "not_found" // no such workshop, activity or item
	ELimited   = "limited"   // the caller reached a limit (a rate, a cap)
	// EUnavailable: the server cannot keep input just now (a node of a
	// cluster that cannot reach it); trying again later may work.
	EUnavailable = "unavailable"
)

// Error is a rule violation with a code and a message fit to show a person.
type Error struct {
	Code    string
	Message string
	// Setting and Item say which of an activity's settings an EInvalid
	// error of Exercise.Validate is about, where it is about one: the
	// setting's JSON name ("statements") and, in a list, the entry from 1
	// (0 for the whole setting). An agenda file points at that line.
	Setting string
	Item    int
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// SettingErrorf returns an EInvalid *Error about one of an activity's
// settings, the item-th entry of it when item > 0 (see Error.Setting).
func SettingErrorf(setting string, item int, format string, args ...any) *Error {
	e := Errorf(EInvalid, format, args...)
	e.Setting, e.Item = setting, item
	return e
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, else "".
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// ErrorMessage returns the person-facing message of err if it is (or wraps)
// an *Error, and a generic message otherwise, so internal details never
// reach a participant.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong on the server; your input was not saved. Please try again."
}
