package ossapi

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"regexp"
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

var expiryDate = regexp.MustCompile(`expiry-date="(.*)"`)

// ParseRestoreInfo is ali-oss's parseRestoreInfo: ok is false for an
// object with no restore info (ali-oss's undefined).
func ParseRestoreInfo(s string) (info RestoreInfo, ok bool) {
	if s == "" {
		return info, false
	}
	info.Ongoing = strings.Contains(s, "true")
	if !info.Ongoing {
		if m := expiryDate.FindStringSubmatch(s); m != nil {
			info.ExpiryDate = m[1]
		}
	}
	return info, true
}
