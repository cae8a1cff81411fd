package file

import "strings"

// csvRow is one record of a CSV file.
type csvRow struct {
	line  int // 1-based line where the record starts
	cells []string
	raw   string // the record's text, without its line end
}

func (r *csvRow) add(cell string) {
	if len(r.cells) < maxCells {
		r.cells = append(r.cells, cell)
	}
}

func (r csvRow) blank() bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// maxCells bounds the cells kept per record; statements have a few dozen
// columns, and a hostile file of commas must not cost memory per comma.
const maxCells = 1000

// parseCSV splits text into records. It is more forgiving than
// encoding/csv: records end at LF, CRLF or a lone CR (old Mac exports);
// a field is quoted when its first non-blank character is '"', with ""
// for a quote inside; a quote in the middle of an unquoted field is a
// plain character; text after a closing quote is kept. It reads at most
// limit records and reports whether there were more.
func parseCSV(text string, delim byte, limit int) (rows []csvRow, more bool) {
	n := len(text)
	stops := string([]byte{delim, '\r', '\n'})
	i, line := 0, 1
	for i < n {
		if len(rows) >= limit {
			return rows, true
		}
		row := csvRow{line: line}
		start := i
		for {
			j := i
			for j < n && (text[j] == ' ' || text[j] == '\t' && delim != '\t') {
				j++
			}
			if j < n && text[j] == '"' {
				var b strings.Builder
				i = j + 1
				for {
					k := strings.IndexByte(text[i:], '"')
					if k < 0 {
						line += lineBreaks(text[i:])
						b.WriteString(text[i:])
						i = n
						break
					}
					line += lineBreaks(text[i : i+k])
					b.WriteString(text[i : i+k])
					i += k + 1
					if i < n && text[i] == '"' {
						b.WriteByte('"')
						i++
						continue
					}
					break
				}
				k := strings.IndexAny(text[i:], stops)
				if k < 0 {
					k = n - i
				}
				b.WriteString(strings.TrimSpace(text[i : i+k]))
				i += k
				row.add(b.String())
			} else {
				k := strings.IndexAny(text[i:], stops)
				if k < 0 {
					k = n - i
				}
				row.add(text[i : i+k])
				i += k
			}
			if i >= n {
				row.raw = text[start:n]
				break
			}
			if text[i] == delim {
				i++
				if i >= n {
					row.add("")
					row.raw = text[start:n]
					break
				}
				continue
			}
			// End of record.
			row.raw = text[start:i]
			if text[i] == '\r' && i+1 < n && text[i+1] == '\n' {
				i++
			}
			i++
			line++
			break
		}
		rows = append(rows, row)
	}
	return rows, false
}

// lineBreaks counts line ends (LF, CRLF, lone CR) inside a quoted field.
func lineBreaks(s string) int {
	return strings.Count(s, "\n") + strings.Count(s, "\r") - strings.Count(s, "\r\n")
}

// csvDelimiters are the separators we detect, most likely first.
var csvDelimiters = []byte{',', ';', '\t', '|'}

// detectDelimiter picks the separator that splits the first rows into the
// same number (two or more) of fields most often.
func detectDelimiter(text string) byte {
	const sample = 64 << 10
	if len(text) > sample {
		text = text[:sample]
	}
	best, bestScore, bestRows, bestWidth := byte(','), 0, 0, 0
	for _, d := range csvDelimiters {
		rows, _ := parseCSV(text, d, 60)
		counts := map[int]int{}
		multi := 0
		for _, r := range rows {
			if r.blank() || len(r.cells) < 2 {
				continue
			}
			multi++
			counts[len(r.cells)]++
		}
		score, width := 0, 0
		for w, c := range counts {
			if c > score || c == score && w > width {
				score, width = c, w
			}
		}
		if score > bestScore || score == bestScore && (multi > bestRows || multi == bestRows && width > bestWidth) {
			best, bestScore, bestRows, bestWidth = d, score, multi, width
		}
	}
	return best
}
