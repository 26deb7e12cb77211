package ossapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
)

// SignPostPolicyV4 is ali-oss's signPostObjectPolicyV4: the V4 signature
// (hex) of a PostObject policy, for the form's x-oss-signature field.
// policy is the policy's JSON text as ali-oss's policy2Str writes it; the
// string signed is its base64, as the form's policy field carries it. The
// signing key is derived from secret, the UTC day of date and region
// (ali-oss's standard region: a leading "oss-" is dropped).
func SignPostPolicyV4(secret, region, policy string, date time.Time) string {
	mac := func(key []byte, data string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(data))
		return h.Sum(nil)
	}
	key := mac([]byte("aliyun_v4"+secret), date.UTC().Format("20060102"))
	key = mac(key, StandardRegion(region))
	key = mac(key, "oss")
	key = mac(key, "aliyun_v4_request")
	return hex.EncodeToString(mac(key, base64.StdEncoding.EncodeToString([]byte(policy))))
}

// StandardRegion is ali-oss's getStandardRegion: "oss-cn-hangzhou" and
// "cn-hangzhou" both name cn-hangzhou.
func StandardRegion(region string) string {
	return strings.TrimPrefix(region, "oss-")
}
