// Package ofxparse reads OFX documents — statement files a user uploads
// (OFX 1.x SGML, 2.x XML, Quicken's QFX) and the answers of OFX Direct
// Connect servers — with one tolerant, linear scanner. It is shared by the
// file import readers (internal/connector/file) and the Direct Connect
// connector (internal/connector/ofx), which do not import each other. It
// does no I/O and imports no other package of ours.
//
// Values are returned raw (trimmed, entity-decoded text): each caller
// applies its own rules to amounts, codes and currencies. ParseDate reads
// OFX dates the way the file import does.
//
// Real files are too loose for a strict decoder: github.com/aclindsa/ofxgo
// refuses 20 of the 78 public sample files we test with (Windows-1252
// bytes, a blank line before the header, no header, an empty BALAMT or
// LANGUAGE, "[-:EST]"...). So the scanner (sgml.go) keeps only what a
// statement needs as the elements stream by. It tolerates unclosed and
// closed leaf elements in the same file, a header without line breaks or
// no header at all, raw '&', doubly escaped entities ("&amp;amp;"), CDATA,
// comments and XML processing instructions. An element followed by text
// is a leaf; an element is an aggregate when the file closes it somewhere
// (or it is a known OFX aggregate); an end tag closes everything opened
// since its start tag, and reopening an open aggregate (an unclosed
// STMTTRN) closes it first. Investment statements are kept apart from bank
// statements (invest.go). It never backtracks, so its time is linear in
// the input, and its memory proportional to the transactions kept.
package ofxparse
