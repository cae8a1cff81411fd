package outbound

import "net/netip"

// block is an entry of an address registry that outbound requests never
// reach.
type block struct {
	prefix netip.Prefix
	name   string // the registry's name for it, and its RFC
}

func entry(prefix, name string) block { return block{netip.MustParsePrefix(prefix), name} }

// specialIPv4 is the IANA IPv4 Special-Purpose Address Registry
// (https://www.iana.org/assignments/iana-ipv4-special-registry), every
// entry, plus multicast (the IPv4 Multicast Address Space Registry). All of
// it is refused, including the few entries the registry marks "globally
// reachable" (PCP and TURN anycast, AS112, AMT): they are network services,
// never a bank or a webhook receiver, and a shorter rule is easier to trust.
var specialIPv4 = []block{
	entry("0.0.0.0/8", `"This network" (RFC 791)`),
	entry("0.0.0.0/32", `"This host on this network" (RFC 1122)`),
	entry("10.0.0.0/8", "Private-Use (RFC 1918)"),
	entry("100.64.0.0/10", "Shared Address Space, CGNAT (RFC 6598)"),
	entry("127.0.0.0/8", "Loopback (RFC 1122)"),
	entry("169.254.0.0/16", "Link Local (RFC 3927)"),
	entry("172.16.0.0/12", "Private-Use (RFC 1918)"),
	entry("192.0.0.0/24", "IETF Protocol Assignments (RFC 6890)"),
	entry("192.0.0.0/29", "IPv4 Service Continuity Prefix (RFC 7335)"),
	entry("192.0.0.8/32", "IPv4 dummy address (RFC 7600)"),
	entry("192.0.0.9/32", "Port Control Protocol Anycast (RFC 7723)"),
	entry("192.0.0.10/32", "Traversal Using Relays around NAT Anycast (RFC 8155)"),
	entry("192.0.0.170/32", "NAT64/DNS64 Discovery (RFC 8880, RFC 7050)"),
	entry("192.0.0.171/32", "NAT64/DNS64 Discovery (RFC 8880, RFC 7050)"),
	entry("192.0.2.0/24", "Documentation, TEST-NET-1 (RFC 5737)"),
	entry("192.31.196.0/24", "AS112-v4 (RFC 7535)"),
	entry("192.52.193.0/24", "AMT (RFC 7450)"),
	entry("192.88.99.0/24", "Deprecated, 6to4 Relay Anycast (RFC 7526)"),
	entry("192.168.0.0/16", "Private-Use (RFC 1918)"),
	entry("192.175.48.0/24", "Direct Delegation AS112 Service (RFC 7534)"),
	entry("198.18.0.0/15", "Benchmarking (RFC 2544)"),
	entry("198.51.100.0/24", "Documentation, TEST-NET-2 (RFC 5737)"),
	entry("203.0.113.0/24", "Documentation, TEST-NET-3 (RFC 5737)"),
	entry("240.0.0.0/4", "Reserved (RFC 1112)"),
	entry("255.255.255.255/32", "Limited Broadcast (RFC 8190, RFC 919)"),
	entry("224.0.0.0/4", "Multicast (RFC 5771)"),
}

// specialIPv6 is the IANA IPv6 Special-Purpose Address Registry
// (https://www.iana.org/assignments/iana-ipv6-special-registry), every
// entry, plus multicast and the deprecated site-local block. The
// translation prefixes that carry an IPv4 address (IPv4-mapped, NAT64's
// well-known prefix, 6to4, Teredo) are judged by that IPv4 address first
// (see embeddedIPv4); the rest is refused like the IPv4 registry's.
var specialIPv6 = []block{
	entry("::1/128", "Loopback Address (RFC 4291)"),
	entry("::/128", "Unspecified Address (RFC 4291)"),
	entry("::ffff:0:0/96", "IPv4-mapped Address (RFC 4291)"),
	entry("64:ff9b::/96", "IPv4-IPv6 Translation (RFC 6052)"),
	entry("64:ff9b:1::/48", "IPv4-IPv6 Translation, local use (RFC 8215)"),
	entry("100::/64", "Discard-Only Address Block (RFC 6666)"),
	entry("100:0:0:1::/64", "Dummy IPv6 Prefix (RFC 9780)"),
	entry("2001::/23", "IETF Protocol Assignments (RFC 2928)"),
	entry("2001::/32", "TEREDO (RFC 4380, RFC 8190)"),
	entry("2001:1::1/128", "Port Control Protocol Anycast (RFC 7723)"),
	entry("2001:1::2/128", "TURN Anycast (RFC 8155)"),
	entry("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast (RFC 9665)"),
	entry("2001:2::/48", "Benchmarking (RFC 5180)"),
	entry("2001:3::/32", "AMT (RFC 7450)"),
	entry("2001:4:112::/48", "AS112-v6 (RFC 7535)"),
	entry("2001:10::/28", "Deprecated, previously ORCHID (RFC 4843)"),
	entry("2001:20::/28", "ORCHIDv2 (RFC 7343)"),
	entry("2001:30::/28", "Drone Remote ID Protocol Entity Tags (RFC 9374)"),
	entry("2001:db8::/32", "Documentation (RFC 3849)"),
	entry("2002::/16", "6to4 (RFC 3056)"),
	entry("2620:4f:8000::/48", "Direct Delegation AS112 Service (RFC 7534)"),
	entry("3fff::/20", "Documentation (RFC 9637)"),
	entry("5f00::/16", "Segment Routing (SRv6) SIDs (RFC 9602)"),
	entry("fc00::/7", "Unique-Local (RFC 4193, RFC 8190)"),
	entry("fe80::/10", "Link-Local Unicast (RFC 4291)"),
	entry("fec0::/10", "Site-Local, deprecated (RFC 3879)"),
	entry("ff00::/8", "Multicast (RFC 4291)"),
}

var (
	// globalUnicast6 is the only IPv6 space the IANA IPv6 Address Space
	// registry allocates for global unicast; the rest is reserved, local
	// or multicast (IPv4-compatible ::a.b.c.d addresses included).
	globalUnicast6 = netip.MustParsePrefix("2000::/3")
	nat64          = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour      = netip.MustParsePrefix("2002::/16")
	teredo         = netip.MustParsePrefix("2001::/32")
)

// Public reports whether a is a public unicast address: outside every block
// of the special-purpose registries, and for the IPv6 forms that embed an
// IPv4 address (IPv4-mapped, NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo
// 2001::/32), with every embedded IPv4 address public.
func Public(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	a = a.WithZone("")
	if a.Is4In6() {
		return Public(a.Unmap())
	}
	if a.Is6() {
		if embedded, ok := embeddedIPv4(a); ok {
			for _, v4 := range embedded {
				if !Public(v4) {
					return false
				}
			}
			return true
		}
		if !globalUnicast6.Contains(a) {
			return false
		}
		return !inAny(specialIPv6, a)
	}
	return !inAny(specialIPv4, a)
}

func inAny(blocks []block, a netip.Addr) bool {
	for _, b := range blocks {
		if b.prefix.Contains(a) {
			return true
		}
	}
	return false
}

// embeddedIPv4 returns the IPv4 addresses an IPv6 translation address
// leads to: NAT64's well-known prefix carries one in its last 32 bits,
// 6to4 in bits 16–48, Teredo its server in bits 32–64 and its client,
// inverted, in the last 32 bits.
func embeddedIPv4(a netip.Addr) ([]netip.Addr, bool) {
	x := a.As16()
	switch {
	case nat64.Contains(a):
		return []netip.Addr{netip.AddrFrom4([4]byte{x[12], x[13], x[14], x[15]})}, true
	case sixToFour.Contains(a):
		return []netip.Addr{netip.AddrFrom4([4]byte{x[2], x[3], x[4], x[5]})}, true
	case teredo.Contains(a):
		server := netip.AddrFrom4([4]byte{x[4], x[5], x[6], x[7]})
		client := netip.AddrFrom4([4]byte{^x[12], ^x[13], ^x[14], ^x[15]})
		return []netip.Addr{server, client}, true
	}
	return nil, false
}
