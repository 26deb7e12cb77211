package upload

import (
	"context"

	"github.com/ossupload/ossupload/checkpoint"
)

// Config holds an Uploader's defaults.
type Config struct {
	Parallel int
	PartSize int64
}

// Uploader runs multipart uploads through one API and one journal store.
type Uploader struct {
	api   API
	store checkpoint.Store
	cfg   Config
}

// New returns an Uploader.
func New(api API, store checkpoint.Store, o Config) *Uploader {
	return &Uploader{api: api, store: store, cfg: o}
}

// Upload sends src to key.
func (u *Uploader) Upload(ctx context.Context, key string, src Source, o Options) (*Result, error) {
	return nil, errorf(CodeInternal, "not implemented")
}

// Abort cancels uploads of key/uploadID, aborts it on the server and deletes its journal.
func (u *Uploader) Abort(ctx context.Context, key, uploadID string) error {
	return errorf(CodeInternal, "not implemented")
}
