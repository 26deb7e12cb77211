package app

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// LocalSecretsFile is where local mode keeps its generated secrets, inside
// the data directory, readable by the owner only.
const LocalSecretsFile = "local-secrets.json"

// localSecrets are generated on a data directory's first start and reused
// after, so identities and uploads survive restarts while no two
// installations share a key.
type localSecrets struct {
	// RootAccessKeySecret pairs with LocalAccessKeyID: the embedded OSS's
	// and STS's root key.
	RootAccessKeySecret string `json:"rootAccessKeySecret"`
	// CookieSecret signs identity cookies; separate from the root key so
	// that knowing one does not give the other.
	CookieSecret string `json:"cookieSecret"`
}

// loadLocalSecrets reads dir's secrets, creating them on first use. A file
// others can read is refused rather than trusted.
func loadLocalSecrets(dir string) (localSecrets, error) {
	var s localSecrets
	path := filepath.Join(dir, LocalSecretsFile)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return s, err
	}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		s = localSecrets{RootAccessKeySecret: randomHex(24), CookieSecret: randomHex(32)}
		b, _ := json.MarshalIndent(s, "", "  ")
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return s, err
		}
		if _, err := f.Write(append(b, '\n')); err != nil {
			f.Close()
			return s, err
		}
		return s, f.Close()
	}
	if err != nil {
		return s, err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return s, fmt.Errorf("%s is readable by others (mode %v): it holds the local root key; run chmod 600 on it", path, st.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(b, &s); err != nil || len(s.RootAccessKeySecret) < 16 || len(s.CookieSecret) < 32 {
		return s, fmt.Errorf("%s is damaged: delete it to generate new local secrets (identities and their uploads' prefixes change)", path)
	}
	return s, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
