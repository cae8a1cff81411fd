package outbound

import (
	"net/netip"
	"testing"
)

// TestPublic: the IANA special-purpose registries, IPv4 and IPv6, are
// refused in full, and the IPv6 forms that carry an IPv4 address are judged
// by it.
func TestPublic(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		addr   string
		public bool
	}{
		// IPv4 special-purpose registry.
		{"0.0.0.0", false}, {"0.1.2.3", false}, {"10.1.2.3", false},
		{"100.64.0.1", false}, {"100.127.255.254", false}, // CGNAT
		{"127.0.0.1", false}, {"127.255.255.255", false}, {"169.254.169.254", false},
		{"172.16.0.1", false}, {"172.31.255.255", false},
		{"192.0.0.1", false}, {"192.0.0.8", false}, {"192.0.0.9", false}, {"192.0.0.170", false}, {"192.0.0.255", false},
		{"192.0.2.1", false}, {"192.31.196.1", false}, {"192.52.193.1", false}, {"192.88.99.1", false},
		{"192.168.1.1", false}, {"192.175.48.1", false},
		{"198.18.0.1", false}, {"198.19.255.255", false}, // benchmarking
		{"198.51.100.1", false}, {"203.0.113.1", false},
		{"240.0.0.1", false}, {"255.255.255.254", false}, {"255.255.255.255", false},
		{"224.0.0.1", false}, {"239.255.255.250", false}, // multicast
		// Public IPv4, next to the blocks.
		{"1.1.1.1", true}, {"8.8.8.8", true}, {"100.63.255.255", true}, {"100.128.0.0", true},
		{"172.15.255.255", true}, {"172.32.0.0", true}, {"192.0.1.1", true}, {"192.169.0.1", true},
		{"198.17.255.255", true}, {"198.20.0.0", true}, {"223.255.255.255", true}, {"11.0.0.1", true},
		// IPv6 special-purpose registry.
		{"::", false}, {"::1", false}, {"100::1", false}, {"100:0:0:1::1", false}, {"64:ff9b:1::a00:1", false},
		{"2001:1::1", false}, {"2001:2::1", false}, {"2001:3::1", false}, {"2001:4:112::1", false}, {"2001:10::1", false},
		{"2001:20::1", false}, {"2001:30::1", false}, {"2001:1ff::1", false}, {"2001:db8::1", false},
		{"2620:4f:8000::1", false}, {"3fff::1", false}, {"5f00::1", false},
		{"fc00::1", false}, {"fd12:3456::1", false}, {"fe80::1", false}, {"fe80::1%eth0", false}, {"fec0::1", false},
		{"ff02::1", false}, {"ff0e::1", false},
		{"::127.0.0.1", false}, {"::8.8.8.8", false}, // IPv4-compatible, deprecated: outside 2000::/3
		{"4000::1", false}, {"1234::1", false},
		// Public IPv6.
		{"2606:4700:4700::1111", true}, {"2001:4860:4860::8888", true}, {"2a00:1450:4001::1", true}, {"2001:200::1", true},
		// IPv4-mapped.
		{"::ffff:127.0.0.1", false}, {"::ffff:10.0.0.1", false}, {"::ffff:100.64.0.1", false}, {"::ffff:8.8.8.8", true},
		// NAT64, well-known prefix: the embedded IPv4 decides.
		{"64:ff9b::7f00:1", false}, {"64:ff9b::a9fe:a9fe", false}, {"64:ff9b::c0a8:101", false}, {"64:ff9b::6440:1", false},
		{"64:ff9b::808:808", true},
		// 6to4: the IPv4 in bits 16–48.
		{"2002:7f00:1::1", false}, {"2002:a00:1::", false}, {"2002:c0a8:101::1", false}, {"2002:c612:1::1", false},
		{"2002:808:808::1", true},
		// Teredo: server in bits 32–64, client inverted in the last 32.
		{"2001:0:a00:1::fefe:fefe", false},              // server 10.0.0.1
		{"2001:0:808:808::3f57:fefe", false},            // client 192.168.1.1
		{"2001:0:808:808::80ff:fffe", false},            // client 127.0.0.1
		{"2001:0:808:808::fefe:fefe", true},             // server 8.8.8.8, client 1.1.1.1
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", false}, // RFC 4380's example: client 192.0.2.45
		{"2001:0:4136:e378:8000:63bf:f7f7:f7f7", true},  // server 65.54.227.120, client 8.8.8.8
	} {
		a, err := netip.ParseAddr(tc.addr)
		if err != nil {
			t.Fatalf("%s: %v", tc.addr, err)
		}
		if got := Public(a); got != tc.public {
			t.Errorf("Public(%s) = %v, want %v", tc.addr, got, tc.public)
		}
	}
	if Public(netip.Addr{}) {
		t.Error("the zero address is public")
	}
}

// TestRegistriesRefused: the first and last address of every block of both
// tables is refused (the translation prefixes with a private IPv4 inside).
func TestRegistriesRefused(t *testing.T) {
	t.Parallel()
	embedding := map[netip.Prefix]bool{nat64: true, sixToFour: true, teredo: true, netip.MustParsePrefix("::ffff:0:0/96"): true}
	for _, table := range [][]block{specialIPv4, specialIPv6} {
		for _, blk := range table {
			first := blk.prefix.Masked().Addr()
			last := lastAddr(blk.prefix)
			if embedding[blk.prefix] {
				continue // TestPublic covers them, by their IPv4
			}
			for _, a := range []netip.Addr{first, last} {
				if Public(a) {
					t.Errorf("%s (%s) is public", a, blk.name)
				}
			}
		}
	}
}

func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}
