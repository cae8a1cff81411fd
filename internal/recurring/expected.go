package recurring

// periodDays is a cadence's length in days, rounded up: the window of
// recurring_missed is two of them.
func periodDays(cadence string) int {
	switch cadence {
	case Weekly:
		return 7
	case Biweekly:
		return 14
	case Semimonthly:
		return 16
	case Monthly:
		return 31
	case Quarterly:
		return 92
	case Semiannual:
		return 183
	case Annual:
		return 366
	}
	return 31
}
