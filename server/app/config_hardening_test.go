package app

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// prodArgs is a production configuration that passes, for cases to spoil.
var prodArgs = []string{"-mode", "production", "-role-arn", "acs:ram::1:role/r", "-oss-endpoint", "https://oss-cn-hangzhou.aliyuncs.com", "-sts-endpoint", "https://sts.aliyuncs.com"}

func TestProductionRefusesUnsafeSetups(t *testing.T) {
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s")
	long := strings.Repeat("k", 32)
	cases := []struct {
		name, secret string
		args         []string
		want         string // "" means accepted
	}{
		{"good bearer", long, nil, ""},
		{"1-byte bearer secret", "x", nil, "at least 32"},
		{"31-byte bearer secret", long[:31], nil, "at least 32"},
		{"http OSS endpoint", long, []string{"-oss-endpoint", "http://oss-cn-hangzhou.aliyuncs.com"}, "https URL"},
		{"http STS endpoint", long, []string{"-sts-endpoint", "http://sts.aliyuncs.com"}, "https URL"},
		{"origin *", long, []string{"-allowed-origins", "*"}, "scheme://host[:port]"},
		{"origin null", long, []string{"-allowed-origins", "null"}, "scheme://host[:port]"},
		{"origin with path", long, []string{"-allowed-origins", "https://a.example.com/app"}, "scheme://host[:port]"},
		{"origin with userinfo", long, []string{"-allowed-origins", "https://u@a.example.com"}, "scheme://host[:port]"},
		{"origin unparsable", long, []string{"-allowed-origins", "https://a b"}, "scheme://host[:port]"},
		{"origin bad port", long, []string{"-allowed-origins", "https://a.example.com:99999"}, "port"},
		{"origin ftp", long, []string{"-allowed-origins", "ftp://a.example.com"}, "scheme://host[:port]"},
		{"good origins", long, []string{"-allowed-origins", "https://a.example.com, http://localhost:3000"}, ""},
		{"faults", long, []string{"-faults"}, "local mode only"},
		{"auth header on all interfaces", "", []string{"-auth-header", "X-User", "-addr", "0.0.0.0:8080"}, "not loopback-only"},
		{"auth header on a LAN address", "", []string{"-auth-header", "X-User", "-addr", "10.0.0.5:8080"}, "not loopback-only"},
		{"auth header on an empty host", "", []string{"-auth-header", "X-User", "-addr", ":8080"}, "not loopback-only"},
		{"auth header on loopback", "", []string{"-auth-header", "X-User", "-addr", "127.0.0.1:8080"}, ""},
		{"auth header with explicit override", "", []string{"-auth-header", "X-User", "-addr", "0.0.0.0:8080", "-auth-header-any-addr"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("OSSUPLOAD_AUTH_SECRET", c.secret)
			_, err := FromFlags(append(append([]string{}, prodArgs...), c.args...))
			if c.want == "" {
				require.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, c.want)
		})
	}
}

func TestQuotaFlag(t *testing.T) {
	for v, want := range map[string]int64{"0": 0, "1024": 1024, "500KiB": 500 << 10, "20MiB": 20 << 20, "2GiB": 2 << 30, "1TiB": 1 << 40} {
		cfg, err := FromFlags([]string{"-quota-per-prefix", v})
		require.NoError(t, err, v)
		assert.Equal(t, want, cfg.QuotaPerPrefix, v)
	}
	for _, v := range []string{"-1", "2GB", "lots", "1.5GiB"} {
		_, err := FromFlags([]string{"-quota-per-prefix", v})
		assert.ErrorContains(t, err, "-quota-per-prefix", v)
	}
}
