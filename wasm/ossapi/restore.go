package ossapi

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"strings"
)

// RestoreOptions are ali-oss's restore(name, options).
type RestoreOptions struct {
	// Type is the object's storage class: "Archive" (what ali-oss assumes
	// when restore is called without options), "ColdArchive" or
	// "DeepColdArchive"; only the last two send JobParameters, which OSS
	// refuses (MalformedXML) for an Archive object.
	Type string
	// Days the restored copy stays readable, as written by the caller
	// (ali-oss puts the value in the XML as is); "" means 2.
	Days string
	// Tier is the JobParameters tier (Expedited, Standard, Bulk); "" means Standard.
	Tier      string
	VersionID string
}

// RestoreRequest is the RestoreObject request ali-oss sends for restore:
// POST ?restore with the RestoreRequest XML obj2xml writes.
func RestoreRequest(key string, o RestoreOptions) Request {
	days := o.Days
	if days == "" {
		days = "2"
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<RestoreRequest><Days>" + xmlText(days) + "</Days>")
	if o.Type == "ColdArchive" || o.Type == "DeepColdArchive" {
		tier := o.Tier
		if tier == "" {
			tier = "Standard"
		}
		b.WriteString("<JobParameters><Tier>" + xmlText(tier) + "</Tier></JobParameters>")
	}
	b.WriteString("</RestoreRequest>")
	body := []byte(b.String())
	params := map[string]any{"restore": nil}
	if o.VersionID != "" {
		params["versionId"] = o.VersionID
	}
	sum := md5.Sum(body)
	return Request{Method: "POST", Key: key, Params: params, Body: bytes.NewReader(body),
		Headers: map[string]string{"Content-Type": "application/xml", "Content-MD5": base64.StdEncoding.EncodeToString(sum[:])}}
}

// xmlText escapes s for XML character data (ali-oss's obj2xml does not,
// which would only make OSS answer MalformedXML for such values).
func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// RestoreInfo is ali-oss's restoreInfo of a listed object (its
// parseRestoreInfo of ListObjects' RestoreInfo / x-oss-restore).
type RestoreInfo struct {
	// Ongoing: a restore was requested and is not done yet.
	Ongoing bool
	// ExpiryDate is when a finished restore's copy expires, as OSS wrote it
	// ("" while ongoing); ali-oss hands it to new Date().
	ExpiryDate string
}

// ParseRestoreInfo is ali-oss's parseRestoreInfo: ok is false for an
// object with no restore info (ali-oss's undefined).
func ParseRestoreInfo(s string) (info RestoreInfo, ok bool) {
	if s == "" {
		return info, false
	}
	info.Ongoing = strings.Contains(s, "true")
	if !info.Ongoing {
		info.ExpiryDate, _ = expiryDate(s)
	}
	return info, true
}

// expiryDate is what ali-oss's /expiry-date="(.*)"/ captures: from the first
// expiry-date=" that has a closing quote later on its line, up to that line's
// last quote. Written out because package regexp would add ~300 KB of code
// to the module for this one match.
func expiryDate(s string) (string, bool) {
	const open = `expiry-date="`
	for i := 0; ; i++ {
		j := strings.Index(s[i:], open)
		if j < 0 {
			return "", false
		}
		i += j
		rest := s[i+len(open):]
		if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
			rest = rest[:nl] // "." does not match a newline
		}
		if q := strings.LastIndexByte(rest, '"'); q >= 0 {
			return rest[:q], true
		}
	}
}
