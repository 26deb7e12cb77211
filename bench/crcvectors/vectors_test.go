package crcvectors

import (
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden vectors file")

const golden = "../../e2e/testdata/crc64-vectors.json"

// The committed vectors are Go's CRCs of the data (run with -update after
// changing Cases).
func TestGoldenVectors(t *testing.T) {
	want, err := json.MarshalIndent(Cases(), "", " ")
	require.NoError(t, err)
	want = append(want, '\n')
	if *update {
		require.NoError(t, os.WriteFile(golden, want, 0o644))
	}
	got, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}
