//go:build race

package recurring_test

// accuracyCustomers is fewer under the race detector, which is some ten
// times slower: the figures are the full run's (without -race).
const accuracyCustomers = 40
