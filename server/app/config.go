// Package app wires the credential broker, the static web module and, in
// local mode, the embedded OSS and STS into one server.
package app

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
)

// Config is everything the server needs; FromFlags fills it from flags and the environment.
type Config struct {
	Mode           string // "local" or "production"
	Addr           string
	WebDir         string
	AllowedOrigins []string

	// Local mode.
	OSSAddr, STSAddr, DataDir string
	Faults                    bool

	// Both modes (local mode has defaults).
	AccessKeyID, AccessKeySecret string
	RoleArn                      string
	Region, Bucket               string
	OSSEndpoint, STSEndpoint     string // production: required
	Duration                     time.Duration

	// Production caller authentication: a shared secret for bearer tokens, or a trusted proxy header.
	AuthSecret, AuthHeader string
}

// Local-mode defaults: the embedded STS is configured with the same values.
const (
	LocalAccessKeyID     = "LTAIlocalroot0000000"
	LocalAccessKeySecret = "local-root-secret-change-me"
	LocalRoleArn         = "acs:ram::1000000000000000:role/ossupload-local"
)

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// FromFlags parses args (without the program name) with environment fallbacks.
func FromFlags(args []string) (Config, error) {
	var c Config
	var origins string
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.StringVar(&c.Mode, "mode", env("OSSUPLOAD_MODE", "local"), "local (embedded OSS and STS) or production (Alibaba Cloud)")
	fs.StringVar(&c.Addr, "addr", env("ADDR", "127.0.0.1:8080"), "app listen address")
	fs.StringVar(&c.WebDir, "web", env("OSSUPLOAD_WEB", "web"), "directory with the browser module and demo page")
	fs.StringVar(&origins, "allowed-origins", env("OSSUPLOAD_ALLOWED_ORIGINS", ""), "comma-separated origins allowed to call /api/sts cross-origin (local mode also allows them on the embedded OSS)")
	fs.StringVar(&c.OSSAddr, "oss-addr", env("OSSUPLOAD_OSS_ADDR", "127.0.0.1:9000"), "local: embedded OSS listen address")
	fs.StringVar(&c.STSAddr, "sts-addr", env("OSSUPLOAD_STS_ADDR", "127.0.0.1:9001"), "local: embedded STS listen address")
	fs.StringVar(&c.DataDir, "data", env("OSSUPLOAD_DATA", "data"), "local: embedded OSS data directory")
	fs.BoolVar(&c.Faults, "faults", false, "local: enable fault injection and the /_local test endpoints")
	fs.StringVar(&c.RoleArn, "role-arn", env("OSSUPLOAD_ROLE_ARN", ""), "RAM role to assume (production: required)")
	fs.StringVar(&c.Region, "region", env("OSSUPLOAD_REGION", "cn-hangzhou"), "OSS region")
	fs.StringVar(&c.Bucket, "bucket", env("OSSUPLOAD_BUCKET", "demo"), "OSS bucket")
	fs.StringVar(&c.OSSEndpoint, "oss-endpoint", env("OSSUPLOAD_OSS_ENDPOINT", ""), "production: OSS endpoint URL browsers upload to, e.g. https://oss-cn-hangzhou.aliyuncs.com")
	fs.StringVar(&c.STSEndpoint, "sts-endpoint", env("OSSUPLOAD_STS_ENDPOINT", ""), "production: STS endpoint URL, e.g. https://sts.cn-hangzhou.aliyuncs.com")
	fs.DurationVar(&c.Duration, "duration", time.Hour, "lifetime of issued credentials (15m..1h for the default role maximum)")
	fs.StringVar(&c.AuthHeader, "auth-header", env("OSSUPLOAD_AUTH_HEADER", ""), "production: trust this reverse-proxy header as the caller ID")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	c.AccessKeyID = os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_ID")
	c.AccessKeySecret = os.Getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
	c.AuthSecret = os.Getenv("OSSUPLOAD_AUTH_SECRET")
	for _, o := range strings.Split(origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			c.AllowedOrigins = append(c.AllowedOrigins, o)
		}
	}
	if c.Mode == "local" {
		if c.AccessKeyID == "" {
			c.AccessKeyID, c.AccessKeySecret = LocalAccessKeyID, LocalAccessKeySecret
		}
		if c.RoleArn == "" {
			c.RoleArn = LocalRoleArn
		}
	}
	return c, c.Validate()
}

// Validate reports every configuration problem at once, with what to do.
func (c Config) Validate() error {
	var errs []error
	if c.Mode != "local" && c.Mode != "production" {
		errs = append(errs, fmt.Errorf("-mode %q: want local or production", c.Mode))
	}
	if c.Duration < 15*time.Minute || c.Duration > time.Hour {
		errs = append(errs, fmt.Errorf("-duration %v: must be between 15m and 1h (STS DurationSeconds 900..3600)", c.Duration))
	}
	if c.AccessKeyID == "" || c.AccessKeySecret == "" {
		errs = append(errs, errors.New("set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (the RAM user allowed to AssumeRole)"))
	}
	if c.Mode == "production" {
		if c.RoleArn == "" {
			errs = append(errs, errors.New("-role-arn (or OSSUPLOAD_ROLE_ARN) is required in production: the RAM role whose rights the session policy narrows"))
		}
		if c.OSSEndpoint == "" || c.STSEndpoint == "" {
			errs = append(errs, errors.New("-oss-endpoint and -sts-endpoint are required in production"))
		}
		if c.AuthSecret == "" && c.AuthHeader == "" {
			errs = append(errs, errors.New("production needs caller authentication: set OSSUPLOAD_AUTH_SECRET (bearer tokens) or -auth-header (trusted proxy)"))
		}
	}
	return errors.Join(errs...)
}
