package checkpoint

import "context"

// Optional capabilities a Store may have. Callers check for them in one
// place each (an interface assertion), never by asserting a concrete store.

// Repairer is a Store that can drop records it can no longer decode, so a
// damaged record does not block its file for good.
type Repairer interface {
	// DropCorrupt deletes undecodable records and returns their IDs.
	DropCorrupt(ctx context.Context) ([]string, error)
}
