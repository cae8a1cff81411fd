//go:build !race

package recurring_test

// accuracyCustomers is how many sandbox customers TestSandboxAccuracy
// measures: all 200 of the acceptance criterion.
const accuracyCustomers = 200
