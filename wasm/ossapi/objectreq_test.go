package ossapi_test

import (
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ossupload/ossupload/wasm/ossapi"
)

// The expected signatures were computed by ali-oss 6.23's own
// signPostObjectPolicyV4 (node, e2e/node_modules/ali-oss) for the same policy text.
func TestSignPostPolicyV4(t *testing.T) {
	policy := `{"expiration":"2026-12-05T00:00:00.000Z","conditions":[{"bucket":"demo"},["content-length-range",1,10],["in","$content-type",["text/plain"]],{"x-oss-meta-a":"阿达"}]}`
	tests := []struct {
		name, region string
		date         time.Time
		want         string
	}{
		{"oss- region, day before", "oss-cn-hangzhou", time.Date(2026, 12, 4, 23, 59, 59, 0, time.UTC), "b2cc79f5ef4142a57dc3d3c6e596e4b3b002b2f717908e064e1368822788c21d"},
		{"standard region", "cn-hangzhou", time.Date(2026, 12, 4, 1, 0, 0, 0, time.UTC), "b2cc79f5ef4142a57dc3d3c6e596e4b3b002b2f717908e064e1368822788c21d"},
		{"UTC day, not local", "cn-hangzhou", time.Date(2026, 12, 5, 7, 59, 59, 0, time.FixedZone("CST", 8*3600)), "b2cc79f5ef4142a57dc3d3c6e596e4b3b002b2f717908e064e1368822788c21d"},
		{"next day", "cn-hangzhou", time.Date(2026, 12, 5, 0, 0, 1, 0, time.UTC), "b2762daeb8d81b4d33839c1bf0c9080be352e5aa32428b8915fe1244607910e1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ossapi.SignPostPolicyV4("secret-key", tt.region, policy, tt.date))
		})
	}
}

func TestStandardRegion(t *testing.T) {
	for in, want := range map[string]string{"oss-cn-hangzhou": "cn-hangzhou", "cn-hangzhou": "cn-hangzhou", "oss-oss-x": "oss-x", "": ""} {
		assert.Equal(t, want, ossapi.StandardRegion(in), in)
	}
}

func TestRestoreRequest(t *testing.T) {
	const head = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	tests := []struct {
		name string
		o    ossapi.RestoreOptions
		body string
	}{
		{"archive default", ossapi.RestoreOptions{Type: "Archive"}, head + "<RestoreRequest><Days>2</Days></RestoreRequest>"},
		{"no type: no JobParameters", ossapi.RestoreOptions{Days: "1"}, head + "<RestoreRequest><Days>1</Days></RestoreRequest>"},
		{"cold default tier", ossapi.RestoreOptions{Type: "ColdArchive"}, head + "<RestoreRequest><Days>2</Days><JobParameters><Tier>Standard</Tier></JobParameters></RestoreRequest>"},
		{"deep cold tier", ossapi.RestoreOptions{Type: "DeepColdArchive", Days: "3", Tier: "Expedited"}, head + "<RestoreRequest><Days>3</Days><JobParameters><Tier>Expedited</Tier></JobParameters></RestoreRequest>"},
		{"escaped", ossapi.RestoreOptions{Days: "<1>"}, head + "<RestoreRequest><Days>&lt;1&gt;</Days></RestoreRequest>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ossapi.RestoreRequest("a/b.txt", tt.o)
			assert.Equal(t, "POST", r.Method)
			assert.Equal(t, "a/b.txt", r.Key)
			assert.Contains(t, r.Params, "restore")
			assert.Equal(t, "application/xml", r.Headers["Content-Type"])
			body, err := io.ReadAll(r.Body)
			require.NoError(t, err)
			assert.Equal(t, tt.body, string(body))
		})
	}
	r := ossapi.RestoreRequest("k", ossapi.RestoreOptions{VersionID: "v1"})
	assert.Equal(t, "v1", r.Params["versionId"])
}

func TestParseRestoreInfo(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		want ossapi.RestoreInfo
	}{
		{"", false, ossapi.RestoreInfo{}},
		{`ongoing-request="true"`, true, ossapi.RestoreInfo{Ongoing: true}},
		{`ongoing-request="false", expiry-date="Sun, 16 Apr 2017 08:12:33 GMT"`, true, ossapi.RestoreInfo{ExpiryDate: "Sun, 16 Apr 2017 08:12:33 GMT"}},
		{`ongoing-request="false"`, true, ossapi.RestoreInfo{}},
	}
	for _, tt := range tests {
		got, ok := ossapi.ParseRestoreInfo(tt.in)
		assert.Equal(t, tt.ok, ok, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}
