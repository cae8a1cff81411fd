package recurring

import centavo "github.com/centavo/centavo"

// detect is written by the detection change (issue 16); until then it
// finds nothing.
func detect(txns []Txn, today centavo.Day) []Series { return nil }
