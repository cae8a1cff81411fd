// Package categorize files transactions under categories by seller, and
// keeps everything categorization reads: the seller map, the users' rules
// and votes (rules.go), and the crowd's consensus built from the votes of
// every shard (crowdindex.go) with its refresh (crowdsync.go).
//
// The engine — Key, the seller map, Categorizer — is pure: no I/O, no
// clock, no database; the seller map is loaded once, a user's rules and the
// crowd index are handed to it. Only rules.go and crowdsync.go read and
// write the store.
//
// # Merchant keys
//
// A bank's raw descriptor such as
//
//	CHECKCARD 1104 TRADER JOE'S #552 OAKLAND CA 24692163308100012345678
//
// is normalized to a merchant key, TRADER JOES: the same key for every
// statement line of one merchant, whatever the bank, the processor, the store
// or the city. The text is cleaned first (upper case, accents folded,
// apostrophes dropped, & → AND, a + after a word → PLUS, other punctuation a
// separator, at most 24 tokens of 32 bytes). Then the rules of the table in
// normalize.go run in order, round after round, until a round changes
// nothing:
//
//  1. processor and channel prefixes (SQ *, TST*, PAYPAL *, CHECKCARD 1104,
//     PURCHASE AUTHORIZED ON 11/04, CARD PAYMENT TO, …), except a processor
//     mark followed by a corporate word (BT GROUP PLC, SP+ PARKING);
//  2. store numbers glued to the name (RACETRAC44467, MURPHY7048ATWAL);
//  3. numbers, card numbers (CARD 1234), dates (11/04, ON 12 MAR) and times
//     (THU 5PM), keeping a number that names the merchant (7 ELEVEN, 76,
//     UNION 76);
//  4. reference codes and masked card numbers (2K3AB12C0, XXXX1234);
//  5. web addresses: the merchant's own domain keeps its name (NETFLIX.COM),
//     a help or billing address after the name goes (AMZN.COM/BILL,
//     HELP.UBER.COM, G.CO/PAYHELP);
//  6. a name the processor repeats (GOOGLE *GOOGLE ONE);
//  7. the trailing location: state, province or country code and a known
//     city before it, also glued (SAN FRANCISCOCA), but not the country code
//     that names a platform's service (GOOGLE *FI, APPLE.COM/US);
//  8. ACH fields (DES:, ID:, INDN:, ORIG ID:…) and trailing filler.
//
// Rules only remove or split tokens and never remove the last one, so Key is
// idempotent: Key(Key(s)) == Key(s) (FuzzKey checks it). The word lists the
// rules read (prefixes, processors, web parts, regions, cities, keywords) are
// in vocabulary.go and location.go, compiled at start into one table so that
// each token is looked up once.
//
// Key strips a processor's mark without knowing brands. The Categorizer asks
// the seller map for the key with the mark first (IN-N-OUT BURGER is a brand,
// not IN * N OUT BURGER) and keeps the mark in the result's key only when the
// seller map knows the brand with it; seller names and aliases are indexed
// with their marks.
//
// # Precedence
//
// Categorize asks, in order, and the first that knows wins:
//
//  1. the user's own rules for the merchant key (Rules);
//  2. strong keywords, which say what a line is whoever the counterparty:
//     pay (PAYROLL, DIRECT DEP), card payments and transfers (PAYMENT THANK
//     YOU, CRD AUTOPAY, ONLINE TRANSFER);
//  3. the seeded seller map: the key, then its longest known prefix of whole
//     tokens (STARBUCKS STORE → Starbucks);
//  4. the crowd's consensus (Consensus; Crowd is the in-memory one): at
//     least three established users (Established), and a category with at
//     least 60 % of their votes; never an outflow into income or transfer,
//     nor anything into transfer (crowdMayFile);
//  5. weak keywords, which only describe a line when the merchant is
//     unknown: RENT, HOA DUES, RENT A CAR, and generic fee words (SERVICE
//     FEE, LATE FEE, OVERDRAFT, INTEREST CHARGE); so ENTERPRISE RENT-A-CAR
//     stays travel and AIRBNB SERVICE FEE travel;
//  6. the institution's own code (OFX transaction type DIRECTDEP, XFER, FEE,
//     INT…);
//  7. otherwise "uncategorized".
//
// # Speed and size
//
// Categorize reuses scratch space from a pool and works on token positions
// and bytes: a known merchant costs at most one allocation (the key string;
// none when the key is the seller map's own). BenchmarkCategorize measures
// it on a year of sandbox statements (about 2 million a second on one core).
// The
// seller map keeps names and keys in a string arena behind a compact hash
// index: 50,000 sellers take about 7 MB (TestSellerMap50kHeap holds it
// under 12 MB).
package categorize
