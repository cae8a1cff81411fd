package seal

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestSealOpen(t *testing.T) {
	t.Parallel()
	spec, err := GenerateKey("k1")
	if err != nil {
		t.Fatal(err)
	}
	k, err := ParseKeyring(spec)
	if err != nil {
		t.Fatal(err)
	}
	secret := []byte(`{"login":"demo-1","password":"secret-1"}`)
	sealed, err := k.Seal(secret, []byte("user:7"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("secret-1")) || bytes.Contains(sealed, []byte("demo-1")) {
		t.Fatal("sealed blob contains the clear text")
	}
	again, _ := k.Seal(secret, []byte("user:7"))
	if bytes.Equal(sealed, again) {
		t.Fatal("two seals of the same text are equal: nonce reused")
	}
	got, err := k.Open(sealed, []byte("user:7"))
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := k.Open(sealed, []byte("user:8")); !errors.Is(err, ErrOpen) {
		t.Fatalf("Open with another aad: %v, want ErrOpen", err)
	}
	tampered := bytes.Clone(sealed)
	tampered[len(tampered)-1] ^= 1
	if _, err := k.Open(tampered, []byte("user:7")); !errors.Is(err, ErrOpen) {
		t.Fatalf("Open of tampered blob: %v, want ErrOpen", err)
	}
	for _, bad := range [][]byte{nil, {1}, {1, 200}, {2, 2, 'k', '1'}, sealed[:10]} {
		if _, err := k.Open(bad, nil); !errors.Is(err, ErrOpen) {
			t.Fatalf("Open(%v): %v, want ErrOpen", bad, err)
		}
	}
}

func TestRotation(t *testing.T) {
	t.Parallel()
	old, _ := GenerateKey("old")
	nu, _ := GenerateKey("new")
	k1, _ := ParseKeyring(old)
	sealed, _ := k1.Seal([]byte("x"), nil)
	k2, err := ParseKeyring(nu + "," + old)
	if err != nil {
		t.Fatal(err)
	}
	if k2.PrimaryID() != "new" {
		t.Fatalf("primary = %q", k2.PrimaryID())
	}
	if got, err := k2.Open(sealed, nil); err != nil || string(got) != "x" {
		t.Fatalf("old data under rotated keyring: %q, %v", got, err)
	}
	k3, _ := ParseKeyring(nu)
	if _, err := k3.Open(sealed, nil); !errors.Is(err, ErrOpen) {
		t.Fatalf("dropped key still opens: %v", err)
	}
}

func TestParseKeyringErrors(t *testing.T) {
	t.Parallel()
	for _, spec := range []string{"", "nokey", "k1:", "k1:c2hvcnQ=", "bad id:AAAA", "k1:!!!"} {
		if _, err := ParseKeyring(spec); err == nil {
			t.Errorf("ParseKeyring(%q) succeeded", spec)
		}
	}
	a, _ := GenerateKey("a")
	if _, err := ParseKeyring(a + "," + a); err == nil {
		t.Error("duplicate id accepted")
	}
}

func TestKeyFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "secret.key")
	spec, created, err := LoadOrCreateKeyFile(path)
	if err != nil || !created {
		t.Fatalf("first load: %v, created=%v", err, created)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v", fi.Mode().Perm())
	}
	spec2, created, err := LoadOrCreateKeyFile(path)
	if err != nil || created || spec2 != spec {
		t.Fatalf("second load: %q %v %v", spec2, created, err)
	}
	if _, err := ParseKeyring(spec); err != nil {
		t.Fatal(err)
	}
}
