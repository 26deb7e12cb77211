// Package app wires the credential broker, the static web module and, in
// local mode, the embedded OSS and STS into one server.
package app

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
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
	// QuotaPerPrefix, when positive, caps the bytes each caller's prefix may
	// hold on the embedded OSS.
	QuotaPerPrefix int64
	// GeneratedKeys means no root key was given: local mode uses the
	// secret generated in DataDir, and listens on loopback only.
	GeneratedKeys bool

	// Both modes (local mode has defaults).
	AccessKeyID, AccessKeySecret string
	RoleArn                      string
	Region, Bucket               string
	OSSEndpoint, STSEndpoint     string // production: required
	Duration                     time.Duration

	// Production caller authentication: a shared secret for bearer tokens, or a trusted proxy header.
	AuthSecret, AuthHeader string
	// AuthHeaderAnyAddr allows -auth-header on a listener that is not
	// loopback-only: the operator asserts that only the proxy can reach it.
	AuthHeaderAnyAddr bool
	// CookieSecure marks the local identity cookie Secure (https deployments).
	CookieSecure bool

	// Hardening knobs of /api/sts; zero picks the broker's defaults.
	RatePerCaller, RatePerAddr float64
	NewIdentitiesPerAddr       float64 // per minute
	ClientIPHeader             string  // set by a trusted reverse proxy, e.g. X-Real-IP
	STSTimeout                 time.Duration
}

// Local-mode defaults: the embedded STS is configured with the same values.
// The root secret is not among them: it is generated per data directory
// (LocalSecretsFile).
const (
	LocalAccessKeyID = "LTAIlocalroot0000000"
	LocalRoleArn     = "acs:ram::1000000000000000:role/ossupload-local"
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
	fs.StringVar(&c.AuthHeader, "auth-header", env("OSSUPLOAD_AUTH_HEADER", ""), "production: trust this reverse-proxy header as the caller ID")
	fs.BoolVar(&c.AuthHeaderAnyAddr, "auth-header-any-addr", false, "production: allow -auth-header although -addr is not loopback (only the proxy must be able to reach it)")
	fs.StringVar(&c.ClientIPHeader, "client-ip-header", env("OSSUPLOAD_CLIENT_IP_HEADER", ""), "header a trusted reverse proxy sets to the client address (rate limiting), e.g. X-Real-IP")
	fs.BoolVar(&c.CookieSecure, "cookie-secure", false, "mark the identity cookie Secure (serve over https)")
	var duration, stsTimeout, ratePerCaller, ratePerAddr, newIDs, quota string
	fs.StringVar(&duration, "duration", env("OSSUPLOAD_DURATION", "1h"), "lifetime of issued credentials, 15m..1h")
	fs.StringVar(&stsTimeout, "sts-timeout", env("OSSUPLOAD_STS_TIMEOUT", "5s"), "how long /api/sts waits for STS before answering 503")
	fs.StringVar(&ratePerCaller, "rate-per-caller", env("OSSUPLOAD_RATE_PER_CALLER", "5"), "/api/sts requests per second per caller (burst 4x)")
	fs.StringVar(&ratePerAddr, "rate-per-addr", env("OSSUPLOAD_RATE_PER_ADDR", "20"), "/api/sts requests per second per client address (burst 3x)")
	fs.StringVar(&newIDs, "new-identities-per-addr", env("OSSUPLOAD_NEW_IDENTITIES_PER_ADDR", "6"), "identity cookies minted per minute per client address (burst 3x)")
	fs.StringVar(&quota, "quota-per-prefix", env("OSSUPLOAD_QUOTA_PER_PREFIX", "0"), "local: bytes each caller's uploads/<id>/ may hold on the embedded OSS, e.g. 2GiB; 0 = no quota")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q: every setting is a -flag", fs.Args())
	}
	var perr []error
	parseDur := func(name, v string, dst *time.Duration) {
		d, err := time.ParseDuration(v)
		if err != nil {
			perr = append(perr, fmt.Errorf("-%s %q: want a duration such as 1h or 45m", name, v))
		}
		*dst = d
	}
	parseRate := func(name, v string, dst *float64) {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 {
			perr = append(perr, fmt.Errorf("-%s %q: want a positive number of requests per second", name, v))
		}
		*dst = f
	}
	parseDur("duration", duration, &c.Duration)
	parseDur("sts-timeout", stsTimeout, &c.STSTimeout)
	parseRate("rate-per-caller", ratePerCaller, &c.RatePerCaller)
	parseRate("rate-per-addr", ratePerAddr, &c.RatePerAddr)
	parseRate("new-identities-per-addr", newIDs, &c.NewIdentitiesPerAddr)
	if q, err := parseSize(quota); err != nil {
		perr = append(perr, fmt.Errorf("-quota-per-prefix %q: want a size such as 500MiB, 2GiB or a number of bytes", quota))
	} else {
		c.QuotaPerPrefix = q
	}
	if err := errors.Join(perr...); err != nil {
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
		if c.AccessKeyID == "" && c.AccessKeySecret == "" {
			// The secret is generated per data directory at Start.
			c.AccessKeyID, c.GeneratedKeys = LocalAccessKeyID, true
		}
		if c.RoleArn == "" {
			c.RoleArn = LocalRoleArn
		}
	}
	return c, c.Validate()
}

var (
	bucketRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)
	roleArnRE = regexp.MustCompile(`^acs:ram::[0-9]+:role/[A-Za-z0-9._-]{1,64}$`)
)

// Validate reports every configuration problem at once, with what to do.
func (c Config) Validate() error {
	var errs []error
	if c.Mode != "local" && c.Mode != "production" {
		errs = append(errs, fmt.Errorf("-mode %q: want local or production", c.Mode))
	}
	if c.Duration < 15*time.Minute || c.Duration > time.Hour {
		errs = append(errs, fmt.Errorf("-duration %v: must be between 15m and 1h (STS DurationSeconds 900..3600)", c.Duration))
	}
	if !c.GeneratedKeys && (c.AccessKeyID == "" || c.AccessKeySecret == "") {
		errs = append(errs, errors.New("set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (the RAM user allowed to AssumeRole)"))
	}
	if c.STSTimeout < 100*time.Millisecond || c.STSTimeout > time.Minute {
		errs = append(errs, fmt.Errorf("-sts-timeout %v: must be between 100ms and 1m", c.STSTimeout))
	}
	if !bucketRE.MatchString(c.Bucket) {
		errs = append(errs, fmt.Errorf("-bucket %q: an OSS bucket name is 3..63 lowercase letters, digits and hyphens, starting and ending with a letter or digit", c.Bucket))
	}
	if c.Region == "" {
		errs = append(errs, errors.New("-region is required, e.g. cn-hangzhou"))
	}
	for _, o := range c.AllowedOrigins {
		if err := checkOrigin(o); err != nil {
			errs = append(errs, err)
		}
	}
	if c.AuthHeader != "" && c.AuthSecret != "" {
		errs = append(errs, errors.New("choose one caller authentication: OSSUPLOAD_AUTH_SECRET (bearer tokens) or -auth-header (trusted proxy), not both"))
	}
	if c.Mode == "local" && c.GeneratedKeys {
		for _, a := range []struct{ flag, addr string }{{"-addr", c.Addr}, {"-oss-addr", c.OSSAddr}, {"-sts-addr", c.STSAddr}} {
			if !loopbackAddr(a.addr) {
				errs = append(errs, fmt.Errorf("%s %q is reachable from other machines: local mode listens on loopback (127.0.0.1) unless you set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET yourself", a.flag, a.addr))
			}
		}
	}
	if c.Mode == "production" {
		if c.RoleArn == "" {
			errs = append(errs, errors.New("-role-arn (or OSSUPLOAD_ROLE_ARN) is required in production: the RAM role whose rights the session policy narrows"))
		} else if !roleArnRE.MatchString(c.RoleArn) {
			errs = append(errs, fmt.Errorf("-role-arn %q: want acs:ram::<account id>:role/<role name>", c.RoleArn))
		}
		for _, ep := range []struct{ flag, v, example string }{
			{"-oss-endpoint", c.OSSEndpoint, "https://oss-cn-hangzhou.aliyuncs.com"},
			{"-sts-endpoint", c.STSEndpoint, "https://sts.cn-hangzhou.aliyuncs.com"},
		} {
			if ep.v == "" {
				errs = append(errs, fmt.Errorf("%s is required in production, e.g. %s", ep.flag, ep.example))
			} else if u, err := url.Parse(ep.v); err != nil || u.Host == "" || u.Scheme != "https" || (u.Path != "" && u.Path != "/") {
				errs = append(errs, fmt.Errorf("%s %q: want an https URL such as %s (credentials and uploads must not travel in clear)", ep.flag, ep.v, ep.example))
			}
		}
		if c.AuthSecret == "" && c.AuthHeader == "" {
			errs = append(errs, errors.New("production needs caller authentication: set OSSUPLOAD_AUTH_SECRET (bearer tokens) or -auth-header (trusted proxy)"))
		}
		if c.AuthSecret != "" && len(c.AuthSecret) < minAuthSecret {
			errs = append(errs, fmt.Errorf("OSSUPLOAD_AUTH_SECRET is %d bytes: use at least %d random bytes (e.g. openssl rand -base64 48)", len(c.AuthSecret), minAuthSecret))
		}
		if c.AuthHeader != "" && !c.AuthHeaderAnyAddr && !loopbackAddr(c.Addr) {
			errs = append(errs, fmt.Errorf("-auth-header trusts whoever reaches -addr %q, which is not loopback-only: listen on 127.0.0.1 behind the proxy, or pass -auth-header-any-addr if only the proxy can reach it", c.Addr))
		}
		if c.Faults {
			errs = append(errs, errors.New("-faults is for local mode only: production never injects faults"))
		}
	}
	return errors.Join(errs...)
}

// minAuthSecret is the shortest bearer secret accepted: 256 bits.
const minAuthSecret = 32

// checkOrigin accepts exactly what a browser sends as Origin:
// scheme://host[:port], http or https, nothing else.
func checkOrigin(o string) error {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" || strings.HasSuffix(o, "?") || strings.HasSuffix(o, "#") {
		return fmt.Errorf("-allowed-origins %q: want scheme://host[:port] as a browser sends it, e.g. https://app.example.com (not *, null, or a path)", o)
	}
	if _, port, err := net.SplitHostPort(u.Host); err == nil {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("-allowed-origins %q: the port must be 1..65535", o)
		}
	}
	return nil
}

// loopbackAddr reports whether a listen address can only be reached from
// this machine: a loopback IP or localhost, not a wildcard.
func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// parseSize reads a byte count with an optional binary unit: 1024, 500KiB,
// 20MiB, 2GiB, 1TiB.
func parseSize(v string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if n, ok := strings.CutSuffix(v, u.suffix); ok {
			v, mult = strings.TrimSpace(n), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, errors.New("bad size")
	}
	return n * mult, nil
}
