package auth

// HoldHashSlots takes every password-hash slot, as concurrent sign-ins
// would, until release (for the tests of package auth_test).
func (s *Service) HoldHashSlots() (release func()) { return s.holdHashSlots() }
