// Package file reads bank statement files that a user uploads — OFX and
// QFX (1.x SGML and 2.x XML), QIF and CSV — into connector transactions.
// It does no I/O: Read takes the file's bytes and returns what they hold.
//
// # Design
//
// Format. Detect looks at the content, never the file name: an OFX header
// or an <OFX> element means OFX, a "!Type:"/"!Account" first line (or
// "^"-terminated records) means QIF, anything else that is text is tried as
// CSV. PDFs, spreadsheets and HTML pages are refused with a message saying
// what to download instead.
//
// Charset. Every format goes through one decoder (ofxparse.DecodeText): a
// byte-order mark means UTF-16 (or UTF-8); bytes that are valid UTF-8 are
// read as UTF-8, whatever the file declares (banks declare CHARSET:1252 and
// send UTF-8); otherwise the code page an OFX CHARSET header or an XML
// encoding declaration names is used; otherwise it is detected
// (ofxparse.DetectCharset): each common single-byte code page (1250, 1251,
// 1252, 1257, KOI8-R, ISO-8859-2, -5, -13, and those the statistical
// detector github.com/saintfish/chardet names with a confidence of at
// least 20 of 100) reads a sample — the lines holding non-ASCII bytes, up
// to 16 KiB — and the reading with the fewest implausible words wins (a
// symbol inside a word, upper case after lower case inside a word, Latin
// mixed with another script, a Latin word mostly of accented letters); a
// tie goes to the detector's ranking, else to Windows-1252. The detector is
// only asked from 8 non-ASCII bytes on: short files give it nothing to go
// on, and Windows-1252 is the fallback. It knows no Baltic code page, so a
// Windows-1252 reading with ð/þ (Windows-1257's š/ž) whose Windows-1257
// reading has Lithuanian or Latvian letters is Windows-1257; Baltic text
// without š or ž reads as Windows-1252.
//
// OFX. Real files are too loose for a strict decoder: github.com/aclindsa/
// ofxgo refuses 20 of the 78 public sample files we test with (Windows-1252
// bytes, a blank line before the header, no header, an empty BALAMT or
// LANGUAGE, "[-:EST]"...) and fails a whole file on one bad record, where
// we want to skip that record and keep the rest.
// So OFX is read by internal/ofxparse, the tolerant linear scanner the
// OFX Direct Connect connector shares, which keeps only what a statement
// needs as the elements stream by (unclosed and closed leaf elements in
// the same file, a header without line breaks or none, raw '&', doubly
// escaped entities, CDATA, comments and XML processing instructions); the
// charset decoder is its DecodeText. This package applies the import's
// rules to the raw values (ofx.go). The descriptor is ofxparse.Descriptor,
// shared with Direct Connect: NAME (or the PAYEE's name), MEMO when NAME
// says nothing (empty, zeros, a date and a masked card number, a generic
// word such as POS), both when both say something; a transaction without
// FITID gets an empty InstitutionID (two rows sharing one FITID are told
// apart by the importer, internal/ingest, not here); every STMTRS and
// CCSTMTRS counts as an account; bank transactions inside an investment
// statement are left out.
//
// Dates. All dates are UTC. A date without a time of day is 12:00 UTC of
// that day, so it shows as the same calendar day in the time zones people
// live in; OFX datetimes at exactly midnight are dates written as
// datetimes and are treated the same way; other OFX datetimes are
// converted with their offset ("[-5:EST]", "[-03:EST]": the number wins
// over the name). Impossible dates (February 31, month 20, empty) skip
// that record with a reason. QIF dates are month-first unless a day above
// 12 proves otherwise; "D1/2'06" is 2006, the three-digit "099" of old
// Quicken exports is 1999, two-digit years pivot at 80, and text glued
// after the date is ignored. CSV dates are detected from the whole column:
// if no day is above 12 and the format is not given, Read refuses rather
// than guess, except for dates written with dots (day-first everywhere)
// and for exports of US-only banks recognized by their header (Mint,
// Chase, Capital One, Schwab).
//
// CSV. The parser (csvparse.go) ends records at LF, CRLF or a lone CR,
// accepts quoted fields with "" inside and line breaks, and keeps going on
// stray quotes. The delimiter (',', ';', tab, '|') is the one that splits
// the first rows most consistently. Without a CSVMapping, the header row
// is looked for among the first 30 rows (so bank preambles need no
// SkipRows) and its columns are looked up in the CSV dictionary.
//
// The dictionary (csvdictionary.tsv, embedded; one entry a line: role,
// language, text) is data, not code: a bank's header is a line there. It
// covers English, German, French, Spanish, Italian, Dutch, Portuguese,
// Polish, Czech, Swedish, Danish, Norwegian, Finnish, Lithuanian,
// Latvian, Estonian, Russian, Ukrainian, Hungarian and Turkish for the
// header roles date, amount, debit, credit, direction, payee, purpose,
// description, booking, balance, status, currency and account (plus a
// payment app's from and to), and for the cell words that say money out
// or in, pending or declined, a balance or total row, and the months
// (TestCSVDictionaryCoverage holds it to that). Headers are compared
// folded (foldText: no case, no accents, ß as ss, ł as l, dotless ı as
// i), without punctuation or a parenthesized part, so "Währung" and
// "WAHRUNG", "Betrag (EUR)" and "Betrag", "#Data operacji" and "Data
// operacji" match (the transliteration "Waehrung" is an entry of its
// own); a currency word after an amount's name
// ("Määrä EUROA", "Betrag EUR") and a number after a text column's name
// ("VWZ1", "Transaction Ref2", "Omschrijving-3") are understood. Within
// a role, earlier lines win: the posting date before a generic date, the
// transaction date and the value date; the amount in the account's
// currency before the operation's. A row whose date column is empty takes
// the next date column's (Amex's empty "Date Processed"), unless it is
// pending. Balance columns are never taken for amounts; an account column
// is recognised so that it is taken for nothing else. The currency in an
// amount column's name wins over a currency column (Monobank's "Валюта"
// is the operation's, the amount the card's).
//
// Descriptor. The payee (the counterparty: Beguenstigter/
// Zahlungspflichtiger, Gavėjas, Контрагент… or, in a payment app's
// export, the side of From/To that is not the account holder, who is the
// name on more than half of the rows) and the purpose (Verwendungszweck,
// memo, note, reference, Paaiškinimai, Назначение платежа…) rank above
// the bank's description, which ranks above booking types (Buchungstext,
// Umsatzart, type codes). When payee and purpose both say something the
// other does not hold, the descriptor is "payee — purpose" (an em dash
// between blanks); the description stands in for whichever is missing;
// booking types are used only when nothing else has text. A column whose
// values are all short codes (at most four characters, no blank, no
// lower case: "MST", "ITR") or, over three rows or more, all the same
// (UBS's "Description" is the account's name) ranks with the booking
// types. When on most rows one description column's text is part of
// another's (Fidelity's "Description" is the fund's name, its "Action"
// says what happened to it), the fuller column is the description.
// Blanks inside are collapsed to one. A user's mapping is taken
// as it is: the first of its alternatives with text, columns joined.
//
// Every CSV transaction keeps its record's text in Raw, as the file
// wrote it (quotes and embedded line breaks kept, the line end dropped),
// after charset decoding, cut to connector.MaxRawBytes (2 KiB) with "…".
//
// Rows. Balance, turnover and total rows ("Opening balance", "Saldo",
// "Anfangssaldo", "Umsatz", "Apyvarta", "Итого", "TOPLAM"…: a text or
// date cell starting with a total phrase, or a total word alone or before
// a number) are skipped with a reason, never imported. A direction column
// (D/K, S/H, DR/CR, Debit/Credit, Soll/Haben, Af/Bij, Débit/Crédit,
// Wn/Ma, T/J, Borç/Alacak, Приход/Расход…) counts only when every value is
// a direction word of the dictionary, and then overrides the amount's
// sign: a "K" salary is money in; in a Czech MD/D column "D" is "dal",
// money in. A column without a name that holds nothing but direction
// words is a direction column too (a card statement's "CR" after the
// amount); when a direction column marks one side only, the unmarked rows
// are the other side (purchases beside "CR" credits). A status column marks rows pending when its value holds a
// pending phrase (pending, vorgemerkt, Venter, в обработке, Non
// contabilizzato…) and skips declined or cancelled ones (declined,
// FAILED, abgelehnt, Отклонено…). A row whose booking type says it moves
// securities, not cash (Fidelity's Type "Shares" on a merger), is skipped.
// An own-account column is judged on the rows whose date cell holds a
// date, so a disclaimer footer does not hide it. A decimal comma is inferred when a
// separator followed by one or two digits says so (or, lacking evidence,
// from a ';' delimiter). The sign convention is the file's: a card export
// that writes purchases as positive numbers (PC Financial) imports them
// as money in unless a mapping says Negate.
//
// Amounts are parsed as decimal text into int64 cents, never through
// floating point: "1,234.56", "1.234,56" (decimal comma), "-0", "(12.50)",
// "$120", "+ $73.01", "11'373.94", and a ledger's marks "0.80Dr" (money
// out) and "15.00 CR" (money in); past two decimals they are rounded half
// away from zero; values that do not fit int64 are refused. In OFX a lone
// comma is a decimal separator (the specification allows it); in QIF
// "1,000" is a thousand.
//
// What is refused as a whole, with an *Error whose Message the user can
// act on: input over Options.MaxBytes (10 MiB by default) or MaxRecords
// records; formats we do not read; OFX files that hold the bank's sign-on
// or statement error instead of a statement (the bank's code and message
// are quoted); investment-only statements (OFX INVSTMTRS, QIF !Type:Invst);
// account lists and server profiles; files with no transactions; CSVs
// whose columns or date format cannot be inferred (CodeNeedsMapping: the
// caller should ask the user for a CSVMapping). Records that are
// individually unreadable are returned in Result.Skipped with a line
// number and a reason, and the rest is imported. Identical transactions
// are all kept: telling a repeated purchase from a duplicate is the
// importer's job, not the reader's.
package file
