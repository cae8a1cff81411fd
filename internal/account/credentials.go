package account

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/connector"
)

// credentialsAAD binds sealed credentials to their user: a sealed blob
// copied into another user's account does not open.
func credentialsAAD(userID int64) []byte {
	return []byte("centavo:credentials:user:" + strconv.FormatInt(userID, 10))
}

// Access returns the account's connector and its unsealed credentials.
func (s *Service) Access(a centavo.Account) (connector.Connector, centavo.Credentials, error) {
	conn, ok := s.Connectors[a.Connector]
	if !ok {
		return nil, centavo.Credentials{}, fmt.Errorf("account: account %d: no connector %q", a.ID, a.Connector)
	}
	plain, err := s.Keys.Open(a.SealedCredentials, credentialsAAD(a.UserID))
	if err != nil {
		return nil, centavo.Credentials{}, fmt.Errorf("account: account %d: %w", a.ID, err)
	}
	var c centavo.Credentials
	if err := json.Unmarshal(plain, &c); err != nil {
		return nil, centavo.Credentials{}, fmt.Errorf("account: account %d: credentials: %w", a.ID, err)
	}
	return conn, c, nil
}
