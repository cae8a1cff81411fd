// Package seal encrypts bank credentials at rest with AES-256-GCM.
//
// A Keyring holds one or more 32-byte keys, each with an id; new data is
// sealed under the first (primary) key and the key id is stored in the sealed
// blob, so keys can be rotated: add a new primary, keep the old ones to open
// existing data, re-seal, then drop the old key.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
)

const version = 1

// Keyring is a set of AES-256 keys by id.
type Keyring struct {
	primary string
	aeads   map[string]cipher.AEAD
}

var keyID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// ParseKeyring parses "id:base64key[,id:base64key...]"; the first is primary.
// Each key must decode (standard or URL base64) to exactly 32 bytes.
func ParseKeyring(spec string) (*Keyring, error) {
	k := &Keyring{aeads: map[string]cipher.AEAD{}}
	for i, part := range strings.Split(strings.TrimSpace(spec), ",") {
		id, b64, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok || !keyID.MatchString(id) {
			return nil, fmt.Errorf("seal: key %d: want id:base64key with id of letters, digits, - or _", i+1)
		}
		raw, err := decodeKey(b64)
		if err != nil {
			return nil, fmt.Errorf("seal: key %q: %w", id, err)
		}
		block, err := aes.NewCipher(raw)
		if err != nil {
			return nil, fmt.Errorf("seal: key %q: %w", id, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("seal: key %q: %w", id, err)
		}
		if _, dup := k.aeads[id]; dup {
			return nil, fmt.Errorf("seal: key id %q given twice", id)
		}
		k.aeads[id] = aead
		if i == 0 {
			k.primary = id
		}
	}
	return k, nil
}

func decodeKey(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if raw, err := enc.DecodeString(s); err == nil {
			if len(raw) != 32 {
				return nil, fmt.Errorf("key is %d bytes, want 32", len(raw))
			}
			return raw, nil
		}
	}
	return nil, errors.New("key is not base64")
}

// PrimaryID is the id of the key new data is sealed under.
func (k *Keyring) PrimaryID() string { return k.primary }

// Seal encrypts plaintext under the primary key. aad is authenticated but not
// stored: the same aad must be given to Open (bind the blob to its owner so it
// cannot be moved to another row).
func (k *Keyring) Seal(plaintext, aad []byte) ([]byte, error) {
	aead := k.aeads[k.primary]
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal: nonce: %w", err)
	}
	out := make([]byte, 0, 2+len(k.primary)+len(nonce)+len(plaintext)+aead.Overhead())
	out = append(out, version, byte(len(k.primary)))
	out = append(out, k.primary...)
	out = append(out, nonce...)
	return aead.Seal(out, nonce, plaintext, append(aad, out[:2+len(k.primary)]...)), nil
}

// ErrOpen is returned when a sealed blob cannot be opened.
var ErrOpen = errors.New("seal: cannot open sealed data")

// Open decrypts a blob made by Seal with the same aad.
func (k *Keyring) Open(sealed, aad []byte) ([]byte, error) {
	if len(sealed) < 2 || sealed[0] != version || len(sealed) < 2+int(sealed[1]) {
		return nil, fmt.Errorf("%w: unknown format", ErrOpen)
	}
	idLen := int(sealed[1])
	id := string(sealed[2 : 2+idLen])
	aead, ok := k.aeads[id]
	if !ok {
		return nil, fmt.Errorf("%w: key %q is not in the keyring", ErrOpen, id)
	}
	head := sealed[:2+idLen]
	rest := sealed[2+idLen:]
	if len(rest) < aead.NonceSize()+aead.Overhead() {
		return nil, fmt.Errorf("%w: truncated", ErrOpen)
	}
	plain, err := aead.Open(nil, rest[:aead.NonceSize()], rest[aead.NonceSize():], append(aad, head...))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrOpen, err)
	}
	return plain, nil
}

// GenerateKey returns a new random key spec with the given id.
func GenerateKey(id string) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("seal: generate key: %w", err)
	}
	return id + ":" + base64.StdEncoding.EncodeToString(raw), nil
}

// LoadOrCreateKeyFile reads a keyring spec from path, creating the file
// (mode 0600) with a new key when it does not exist. created reports whether
// it did.
func LoadOrCreateKeyFile(path string) (spec string, created bool, err error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return strings.TrimSpace(string(b)), false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return "", false, fmt.Errorf("seal: read key file: %w", err)
	}
	spec, err = GenerateKey("k1")
	if err != nil {
		return "", false, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", false, fmt.Errorf("seal: create key file: %w", err)
	}
	if _, err := f.WriteString(spec + "\n"); err != nil {
		f.Close()
		return "", false, fmt.Errorf("seal: write key file: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", false, fmt.Errorf("seal: write key file: %w", err)
	}
	return spec, true, nil
}
