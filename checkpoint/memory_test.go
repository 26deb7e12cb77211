package checkpoint_test

import (
	"testing"

	"github.com/ossupload/ossupload/checkpoint"
	"github.com/ossupload/ossupload/checkpoint/checkpointtest"
)

func TestMemoryStore(t *testing.T) {
	checkpointtest.Run(t, func() checkpoint.Store { return checkpoint.NewMemoryStore() })
}
