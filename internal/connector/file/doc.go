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
// Charset. Every format goes through one decoder: a UTF-16 byte-order mark
// means UTF-16; otherwise, bytes that are valid UTF-8 are read as UTF-8,
// whatever the file declares (banks declare CHARSET:1252 and send UTF-8);
// anything else is read as Windows-1252, which agrees with ISO-8859-1 on
// every printable character, so files declaring either read right.
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
// rules to the raw values (ofx.go). NAME that is empty or all zeros gives
// way to the PAYEE's name, then MEMO; a transaction without FITID gets an
// empty InstitutionID; every STMTRS and CCSTMTRS counts as an account; bank
// transactions inside an investment statement are left out.
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
// SkipRows) and its columns are matched against names used by common
// exports in English, German, Dutch, French and Spanish: a posting date, a
// description (Mint's "Original Description" first: it is the bank's
// text), a signed amount or a debit/credit pair, and optionally a
// direction column (Mint's "Transaction Type", ING's "Af Bij"), a currency
// and a status. Balance columns are never taken for amounts. A decimal
// comma is inferred when a separator followed by one or two digits says
// so (or, lacking evidence, from a ';' delimiter). The sign convention is
// the file's: a card export that writes purchases as positive numbers
// (PC Financial) imports them as money in unless a mapping says Negate.
//
// Amounts are parsed as decimal text into int64 cents, never through
// floating point: "1,234.56", "1.234,56" (decimal comma), "-0", "(12.50)",
// "$120", "+ $73.01", "11'373.94"; past two decimals they are rounded half
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
