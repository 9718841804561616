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
)

// Error is a rule violation with a code and a message fit to show a person.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
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
