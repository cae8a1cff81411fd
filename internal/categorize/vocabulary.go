package categorize

import (
	"slices"
	"strings"

	"github.com/centavo/centavo"
)

// The words the normalization rules and the keyword rules know, in lists a
// person can read and extend. buildVocabulary compiles them into one table
// so that a token is looked up once, when it is cleaned.

// prefixList holds the token sequences that banks and processors put in
// front of the merchant. "#" stands for a token of digits (a date such as
// 1104 or 11 04). A processor's mark is one token, and the seller map is
// asked for the key with it first (IN-N-OUT BURGER, not N OUT BURGER).
var prefixList = []struct {
	words     string
	processor bool
}{
	// US banks: Wells Fargo, Chase, Bank of America, Citi, Capital One,
	// credit unions.
	{words: "PURCHASE AUTHORIZED ON # #"}, {words: "PURCHASE AUTHORIZED ON #"},
	{words: "PURCHASE INTL AUTHORIZED ON # #"}, {words: "PURCHASE INTL AUTHORIZED ON #"},
	{words: "PURCHASE RETURN AUTHORIZED ON # #"}, {words: "PURCHASE RETURN AUTHORIZED ON #"},
	{words: "RECURRING PAYMENT AUTHORIZED ON # #"}, {words: "RECURRING PAYMENT AUTHORIZED ON #"},
	{words: "CHECKCARD #"}, {words: "CHECKCARD"}, {words: "CHECK CARD #"},
	{words: "CARD PURCHASE WITH PIN # #"}, {words: "CARD PURCHASE WITH PIN #"}, {words: "CARD PURCHASE WITH PIN"},
	{words: "RECURRING CARD PURCHASE # #"}, {words: "RECURRING CARD PURCHASE #"},
	{words: "CARD PURCHASE # #"}, {words: "CARD PURCHASE #"}, {words: "CARD PURCHASE"},
	{words: "DEBIT CARD PURCHASE"}, {words: "DEBIT PURCHASE VISA"}, {words: "DEBIT PURCHASE"}, {words: "DBT CRD #"}, {words: "DBT CRD"},
	{words: "POS DEBIT"}, {words: "POS PURCHASE"}, {words: "POS WITHDRAWAL"}, {words: "POS"}, {words: "WITHDRAWAL POS"},
	{words: "VISA PURCHASE"}, {words: "VISA DEBIT PURCHASE"}, {words: "VISA DEBIT"}, {words: "VISA DDA PUR"},
	{words: "MC PURCHASE"}, {words: "PIN PURCHASE"}, {words: "MOBILE PURCHASE"}, {words: "APLPAY"},
	{words: "POINT OF SALE PURCHASE"}, {words: "POINT OF SALE WITHDRAWAL"},
	{words: "PREAUTHORIZED DEBIT"}, {words: "ACH DEBIT"}, {words: "ACH WITHDRAWAL"}, {words: "ACH CREDIT"},
	{words: "ELECTRONIC WITHDRAWAL"}, {words: "EXTERNAL WITHDRAWAL"}, {words: "ORIG CO NAME"},
	// Canada.
	{words: "IDP PURCHASE"}, {words: "INTERAC PURCHASE"}, {words: "INTERAC RETAIL PURCHASE"},
	// UK and Ireland.
	{words: "CARD PAYMENT TO"}, {words: "CONTACTLESS PAYMENT TO"}, {words: "CONTACTLESS PAYMENT"}, {words: "CONTACTLESS"},
	{words: "DIRECT DEBIT PAYMENT TO"}, {words: "DIRECT DEBIT TO"}, {words: "DIRECT DEBIT"},
	{words: "BILL PAYMENT TO"}, {words: "PAYMENT TO"}, {words: "VIS"}, {words: "DEB"},
	// Continental Europe.
	{words: "KARTENZAHLUNG"}, {words: "SEPA LASTSCHRIFT"}, {words: "LASTSCHRIFT"},
	{words: "PAIEMENT PAR CARTE"}, {words: "PAIEMENT CB"}, {words: "CARTE"}, {words: "PRLV SEPA"},
	{words: "COMPRA TARJETA"}, {words: "COMPRA TARJ"}, {words: "COMPRA"},
	// Payment processors and platforms: Square, Toast, Shopify, PayPal,
	// Intuit, DoorDash, Braintree, Lightspeed, SumUp, Zettle, Clover,
	// FastSpring, PAR, Apple.
	{"SQ", true}, {"SQU", true}, {"TST", true}, {"SP", true}, {"PP", true}, {"PAYPAL", true}, {"IN", true},
	{"DD", true}, {"BT", true}, {"LSP", true}, {"PY", true}, {"SUMUP", true}, {"ZTL", true}, {"IZ", true},
	{"ZETTLE", true}, {"CLOVER", true}, {"TOAST", true}, {"FS", true}, {"PAR", true}, {"APL", true},
}

// corporateWords after a processor's mark show that the mark is the brand
// (BT GROUP PLC; SP+ PARKING, cleaned to SP PLUS PARKING).
const corporateWords = `GROUP,PLC,PLUS,INC,LLC,LTD,LIMITED,CORP,CORPORATION,COMPANY,HOLDINGS,GMBH`

// platformWords name platforms that sell several services under their own
// name; a code after them alone is the service (GOOGLE *FI, APPLE.COM/US).
const platformWords = `GOOGLE,APPLE,AMAZON,AMZN,MICROSOFT,MSFT`

// numberedBrands are names whose number is part of the brand, spaced or
// glued (TRADING212 splits to TRADING 212 and keeps the number).
var numberedBrands = set(`UNION 76,MOTEL 6,SUPER 8,FOREVER 21,PIER 1,BIG 5,STUDIO 6,TRADING 212,REMA 1000`)

// Web address parts: leading (anywhere), site suffixes and help or billing
// paths (after the name), and top-level domains (when joined by a '.').
const (
	webLeadWords = `WWW,HTTP,HTTPS`
	webSiteWords = `COM,NET,ORG`
	webPathWords = `HELP,BILL,HELPPAY,PAYHELP`
	topDomains   = `COM,NET,ORG,CO,IO,GOV,EDU,ME,TV,APP,AI,BIZ,INFO,US,UK,CA,DE,FR,NL,AU,NZ,IE,ES,IT,CH,AT,BE,SE,NO,DK,FI,PL,JP,IN,MX,BR,EU`
)

// Dates and times that banks print after the merchant.
const (
	monthWords = `JAN,FEB,MAR,APR,MAY,JUN,JUL,AUG,SEP,SEPT,OCT,NOV,DEC,JANUARY,FEBRUARY,MARCH,APRIL,JUNE,JULY,AUGUST,SEPTEMBER,OCTOBER,NOVEMBER,DECEMBER`
	dayWords   = `MON,TUE,TUES,WED,THU,THUR,THURS,FRI,SAT,SUN`
)

// cardWords precede a card number (CARD 1234, CD 1234).
const cardWords = `CARD,CD,CRD`

// fillerWords carry no merchant identity at the end of a descriptor.
const fillerWords = `DES,INDN,CO,ID,PPD,CCD,WEB,TEL,PMT,PYMT,ARC,POSTED,PENDING,CLP`

// achFieldList starts the fields of an ACH descriptor that follow the payee
// (Bank of America's DES:/ID:/INDN:, Chase's ORIG ID:/DESC DATE:/CO ENTRY
// DESCR:, NACHA SEC codes with an ID, references).
var achFieldList = []string{"DES", "INDN", "ORIG ID", "CO ID", "DESC DATE", "CO ENTRY", "IND ID", "IND NAME",
	"PPD ID", "WEB ID", "CCD ID", "TRACE", "REF"}

// keywordList holds generic descriptor phrases that say what a transaction
// is whoever the counterparty. They are matched as whole-token sequences
// anywhere after the prefixes. Strong ones (pay, card payments, transfers)
// decide before the seller map; weak ones (rent, dues, fee words, rental
// cars) only when neither the seller map nor the crowd knows the merchant,
// so that ENTERPRISE RENT-A-CAR stays travel and AIRBNB SERVICE FEE travel.
var keywordList = []struct {
	phrase   string
	category string
	strong   bool
}{
	{"PAYROLL", centavo.CatIncome, true},
	{"DIRECT DEP", centavo.CatIncome, true},
	{"DIR DEP", centavo.CatIncome, true},
	{"DIRECT DEPOSIT", centavo.CatIncome, true},
	{"SALARY", centavo.CatIncome, true},
	{"GEHALT", centavo.CatIncome, true},  // German bank exports
	{"SALAIRE", centavo.CatIncome, true}, // French
	{"SALARIS", centavo.CatIncome, true}, // Dutch
	{"NOMINA", centavo.CatIncome, true},  // Spanish
	{"INTEREST PAID", centavo.CatIncome, true},
	{"INTEREST EARNED", centavo.CatIncome, true},
	{"DIVIDEND", centavo.CatIncome, true},
	{"PAYMENT THANK YOU", centavo.CatTransfer, true},
	{"PAYMENT RECEIVED", centavo.CatTransfer, true},
	{"AUTOMATIC PAYMENT THANK YOU", centavo.CatTransfer, true},
	{"AUTOPAY PAYMENT THANK", centavo.CatTransfer, true},
	{"CRD AUTOPAY", centavo.CatTransfer, true},
	{"CARD AUTOPAY", centavo.CatTransfer, true},
	{"CREDIT CARD PAYMENT", centavo.CatTransfer, true},
	{"CREDIT CARD PMT", centavo.CatTransfer, true},
	{"CARD PAYMENT", centavo.CatTransfer, true},
	{"CARD PMT", centavo.CatTransfer, true},
	{"ONLINE TRANSFER", centavo.CatTransfer, true},
	{"ONLINE BANKING TRANSFER", centavo.CatTransfer, true},
	{"TRANSFER TO", centavo.CatTransfer, true},
	{"TRANSFER FROM", centavo.CatTransfer, true},
	{"INTERNET TRANSFER", centavo.CatTransfer, true},
	{"MOBILE TRANSFER", centavo.CatTransfer, true},

	{"SERVICE FEE", centavo.CatFees, false},
	{"SERVICE CHARGE", centavo.CatFees, false},
	{"MAINTENANCE FEE", centavo.CatFees, false},
	{"OVERDRAFT", centavo.CatFees, false},
	{"NSF FEE", centavo.CatFees, false},
	{"LATE FEE", centavo.CatFees, false},
	{"ANNUAL FEE", centavo.CatFees, false},
	{"ANNUAL MEMBERSHIP FEE", centavo.CatFees, false},
	{"INTEREST CHARGE", centavo.CatFees, false},
	{"FINANCE CHARGE", centavo.CatFees, false},
	{"FOREIGN TRANSACTION FEE", centavo.CatFees, false},
	{"ATM FEE", centavo.CatFees, false},
	{"RENT A CAR", centavo.CatTravel, false},
	{"CAR RENTAL", centavo.CatTravel, false},
	{"RENT", centavo.CatHousing, false},
	{"RENT PAYMENT", centavo.CatHousing, false},
	{"HOA DUES", centavo.CatHousing, false},
}

// wordClass is a set of the roles a word or token plays in the rules.
type wordClass uint32

const (
	// The token's shape, set when it is cleaned.
	clsDigits  wordClass = 1 << iota // only ASCII digits
	clsMixed                         // ASCII digits and other characters
	clsDotted                        // joined to the previous token by a '.'
	clsSlashed                       // joined to the previous token by a '/'
	clsMask                          // XXXX: a masked card number
	// The word's roles, from the lists above.
	clsRegion
	clsCountry
	clsTLD
	clsWebLead
	clsWebWord
	clsWebPath
	clsFiller
	clsACHField
	clsPrefixStart
	clsCorporate
	clsPlatform
	clsMonth
	clsDay
	clsCardWord
	clsNumbered
	clsKeyword
	clsCityStart // first word of a known city
	clsCityEnd   // last word of a known city
)

// anyDigits in a compiled phrase matches any token of digits.
const anyDigits = 0xFFFF

type wordInfo struct {
	class    wordClass
	prefixes []uint8 // prefixes that start with the word, longest first
	fields   []uint8 // ACH fields that start with the word
	keywords []uint8 // keyword phrases that start with the word, longest first
}

type prefix struct {
	words     []uint16
	processor bool
}

type keyword struct {
	words    []uint16
	category string
	strong   bool
}

// vocabulary is every word the rules know, by index; index 0 is "unknown".
// Words are found through an open-addressing table on the FNV-1a hash that
// clean computes while it writes a token, so a lookup costs a probe or two.
type vocabulary struct {
	index     map[string]uint16
	text      []string // word by index
	slots     []vocabSlot
	words     []wordInfo
	prefixes  []prefix
	achFields [][]uint16
	keywords  []keyword
	maxWord   int // bytes of the longest word; longer tokens are not looked up
}

type vocabSlot struct {
	hash uint32
	word uint16
}

const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func hashBytes(b []byte) uint32 {
	h := uint32(fnvOffset)
	for _, c := range b {
		h = (h ^ uint32(c)) * fnvPrime
	}
	return h
}

// lookup returns the index of the word b whose hash is h, or 0.
func (v *vocabulary) lookup(b []byte, h uint32) uint16 {
	mask := uint32(len(v.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := v.slots[i]
		if s.word == 0 {
			return 0
		}
		if s.hash == h && v.text[s.word] == string(b) {
			return s.word
		}
	}
}

var vocab = buildVocabulary()

// wordON is the index of ON (ON 12 MAR, PURCHASE AUTHORIZED ON).
var wordON = vocab.index["ON"]

func buildVocabulary() *vocabulary {
	v := &vocabulary{index: map[string]uint16{}, words: []wordInfo{{}}, text: []string{""}}
	id := func(w string) uint16 {
		if w == "#" {
			return anyDigits
		}
		if i, ok := v.index[w]; ok {
			return i
		}
		v.index[w] = uint16(len(v.words))
		v.words = append(v.words, wordInfo{})
		v.text = append(v.text, w)
		v.maxWord = max(v.maxWord, len(w))
		return v.index[w]
	}
	phrase := func(s string) []uint16 {
		var p []uint16
		for _, w := range strings.Fields(s) {
			p = append(p, id(w))
		}
		return p
	}
	mark := func(words string, c wordClass) {
		for w := range set(words) {
			v.words[id(w)].class |= c
		}
	}
	mark(strings.Join(keys(regions), ","), clsRegion)
	mark(strings.Join(keys(countries), ","), clsCountry)
	mark(topDomains, clsTLD)
	mark(webLeadWords, clsWebLead)
	mark(webSiteWords, clsWebWord)
	mark(webPathWords, clsWebPath)
	mark(fillerWords, clsFiller)
	mark(corporateWords, clsCorporate)
	mark(platformWords, clsPlatform)
	mark(monthWords, clsMonth)
	mark(dayWords, clsDay)
	mark(cardWords, clsCardWord)
	for city := range cities {
		w := strings.Fields(city)
		v.words[id(w[0])].class |= clsCityStart
		v.words[id(w[len(w)-1])].class |= clsCityEnd
	}
	for b := range numberedBrands {
		mark(strings.Fields(b)[0], clsNumbered)
	}
	for i, p := range prefixList {
		v.prefixes = append(v.prefixes, prefix{words: phrase(p.words), processor: p.processor})
		first := v.prefixes[i].words[0]
		v.words[first].class |= clsPrefixStart
		v.words[first].prefixes = append(v.words[first].prefixes, uint8(i))
	}
	for i, f := range achFieldList {
		v.achFields = append(v.achFields, phrase(f))
		first := v.achFields[i][0]
		v.words[first].class |= clsACHField
		v.words[first].fields = append(v.words[first].fields, uint8(i))
	}
	for i, k := range keywordList {
		v.keywords = append(v.keywords, keyword{words: phrase(k.phrase), category: k.category, strong: k.strong})
		first := v.keywords[i].words[0]
		v.words[first].class |= clsKeyword
		v.words[first].keywords = append(v.words[first].keywords, uint8(i))
	}
	size := 1
	for size < 4*len(v.text) {
		size *= 2
	}
	v.slots = make([]vocabSlot, size)
	for i, w := range v.text[1:] {
		h := hashBytes([]byte(w))
		k := h & uint32(size-1)
		for v.slots[k].word != 0 {
			k = (k + 1) & uint32(size-1)
		}
		v.slots[k] = vocabSlot{hash: h, word: uint16(i + 1)}
	}
	// Try longer phrases first: CHECKCARD 1104 before CHECKCARD, RENT A CAR
	// before RENT.
	for i := range v.words {
		w := &v.words[i]
		slices.SortStableFunc(w.prefixes, func(a, b uint8) int { return len(v.prefixes[b].words) - len(v.prefixes[a].words) })
		slices.SortStableFunc(w.keywords, func(a, b uint8) int { return len(v.keywords[b].words) - len(v.keywords[a].words) })
	}
	return v
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
