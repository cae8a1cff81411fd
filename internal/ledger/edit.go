package ledger

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/centavo/centavo"
	"github.com/centavo/centavo/internal/categorize"
	"github.com/centavo/centavo/internal/store"
)

// Limits of what a person writes on a transaction.
const (
	MaxNotes    = 1000                    // characters of a note (a transaction's or a split's)
	MaxTags     = 20                      // tags on one transaction
	MaxTag      = categorize.MaxTagLength // characters of one tag
	MaxMerchant = 100                     // characters of a merchant's display name
	MaxSplits   = 50                      // parts of one split transaction
)

// Edit is what a person changes on one transaction (PATCH
// /transactions/{id}); nil fields stay as they are.
type Edit struct {
	Category *string
	// ApplyToFuture, with Category, makes a rule for the merchant's new
	// transactions; with Merchant, makes the merchant's new transactions
	// take that display name.
	ApplyToFuture bool
	Notes         *string
	Tags          *[]string
	// AddTags are added to the transaction's tags as they are when the
	// change runs (read in its store transaction, so a concurrent change
	// of the tags is not lost): the web's bulk "tag".
	AddTags  []string
	Hidden   *bool
	Merchant *string
}

func (e Edit) empty() bool {
	return e.Category == nil && e.Notes == nil && e.Tags == nil && len(e.AddTags) == 0 && e.Hidden == nil && e.Merchant == nil
}

// categoryShape says whether cat can be a category at all — a fixed one,
// or of the form of an own category's id (whether the user has it is
// categorize.CheckCategory's to say, in the store transaction).
func categoryShape(cat string) error {
	if _, ok := centavo.LookupCategory(cat); !ok && !centavo.IsOwnCategoryID(cat) {
		return centavo.Errorf(centavo.EINVALID, "unknown category %q (see GET /api/v1/categories)", cat)
	}
	return nil
}

// CleanTags trims each name and drops repeats (case-insensitively, the
// first spelling kept); an empty name, one over MaxTag characters, one
// with a control character or a comma (tags are typed and imported
// separated by commas: docs/0032) or more than MaxTags tags are invalid.
func CleanTags(tags []string) ([]string, error) {
	out := make([]string, 0, len(tags))
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.TrimSpace(t)
		switch {
		case t == "":
			return nil, centavo.Errorf(centavo.EINVALID, "a tag cannot be empty")
		case utf8.RuneCountInString(t) > MaxTag:
			return nil, centavo.Errorf(centavo.EINVALID, "tag %q is longer than %d characters", t, MaxTag)
		case !categorize.CleanText(t, MaxTag) || strings.Contains(t, ","):
			return nil, centavo.Errorf(centavo.EINVALID, "tag %q: a tag has no commas and no control characters", t)
		case seen[strings.ToLower(t)]:
			continue
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	if len(out) > MaxTags {
		return nil, centavo.Errorf(centavo.EINVALID, "at most %d tags", MaxTags)
	}
	return out, nil
}

// CheckNotes says whether notes fit a transaction (at most MaxNotes
// characters of valid text).
func CheckNotes(notes string) error {
	if !utf8.ValidString(notes) || utf8.RuneCountInString(notes) > MaxNotes {
		return centavo.Errorf(centavo.EINVALID, "notes must be valid text of at most %d characters", MaxNotes)
	}
	return nil
}

// check validates e and cleans its tags and merchant.
func (e *Edit) check() error {
	if e.empty() {
		return centavo.Errorf(centavo.EINVALID, "nothing to change: give category, notes, tags, hidden or merchant")
	}
	if e.Category != nil {
		if err := categoryShape(*e.Category); err != nil {
			return err
		}
	}
	if e.Notes != nil {
		if err := CheckNotes(*e.Notes); err != nil {
			return err
		}
	}
	if e.Tags != nil {
		tags, err := CleanTags(*e.Tags)
		if err != nil {
			return err
		}
		e.Tags = &tags
	}
	if e.AddTags != nil {
		tags, err := CleanTags(e.AddTags)
		if err != nil {
			return err
		}
		e.AddTags = tags
	}
	if e.Merchant != nil {
		m := strings.TrimSpace(*e.Merchant)
		if m == "" || !categorize.CleanText(m, MaxMerchant) {
			return centavo.Errorf(centavo.EINVALID, "merchant must be 1 to %d characters, without control characters", MaxMerchant)
		}
		e.Merchant = &m
	}
	return nil
}

// Edit changes what a person can change on one of the user's transactions
// — category, notes, tags, hidden, merchant — in one SQL transaction: the
// fields given are set and, those it changes, marked edited by hand (a category as by
// SetCategory: a vote, and with ApplyToFuture a rule), and the aggregates
// move by the transaction's parts (a hidden one adds nothing).
func (s *Service) Edit(ctx context.Context, userID, txID int64, e Edit) (centavo.Transaction, error) {
	if err := e.check(); err != nil {
		return centavo.Transaction{}, err
	}
	if e.ApplyToFuture && e.Category == nil && e.Merchant == nil {
		return centavo.Transaction{}, centavo.Errorf(centavo.EINVALID, "apply_to_future needs a category or a merchant")
	}
	var out centavo.Transaction
	changed, err := s.change(ctx, userID, txID, func(tx store.Tx, t *centavo.Transaction, now time.Time) error {
		if e.ApplyToFuture && t.MerchantKey == "" {
			return centavo.Errorf(centavo.EINVALID, "this transaction has no merchant whose future transactions could follow")
		}
		if e.Category != nil {
			if err := categorize.CheckCategory(ctx, tx, userID, *e.Category); err != nil {
				return err
			}
			if _, err := byHand(ctx, tx, userID, *t, *e.Category, e.ApplyToFuture, now); err != nil {
				return err
			}
			if t.TransferPairID != 0 {
				// Filing either side of a transfer by hand undoes the pair
				// (as SetCategory does: docs/0030-transfers.md).
				if err := Unpair(ctx, tx, t); err != nil {
					return err
				}
			}
			t.Category, t.CategorySource = *e.Category, centavo.SourceUser
		}
		if e.Merchant != nil {
			if e.ApplyToFuture {
				if err := tx.SetMerchantName(ctx, store.MerchantName{UserID: userID, MerchantKey: t.MerchantKey, Name: *e.Merchant, At: now}); err != nil {
					return err
				}
			}
			if t.Merchant != *e.Merchant {
				t.Merchant, t.Edited = *e.Merchant, t.Edited|centavo.EditedMerchant
			}
		}
		// A field is marked edited by hand only when the edit changes it:
		// a form that sends every field (the web's) marks only what the
		// person changed.
		if e.Notes != nil && t.Notes != *e.Notes {
			t.Notes, t.Edited = *e.Notes, t.Edited|centavo.EditedNotes
		}
		if e.Tags != nil && !slices.Equal(t.Tags, *e.Tags) {
			t.Tags, t.Edited = *e.Tags, t.Edited|centavo.EditedTags
		}
		if len(e.AddTags) > 0 {
			tags, err := CleanTags(append(slices.Clone(t.Tags), e.AddTags...))
			if err != nil {
				return err
			}
			if !slices.Equal(tags, t.Tags) {
				t.Tags, t.Edited = tags, t.Edited|centavo.EditedTags
			}
		}
		if e.Hidden != nil && t.Hidden != *e.Hidden {
			t.Hidden, t.Edited = *e.Hidden, t.Edited|centavo.EditedHidden
		}
		return nil
	}, &out)
	if err != nil {
		return centavo.Transaction{}, fmt.Errorf("ledger: edit: %w", err)
	}
	if changed {
		s.invalidate(ctx, userID)
	}
	return out, nil
}

// byHand records what a category set by hand says beyond the transaction:
// the user's vote for the merchant's category and, with applyToFuture, a
// rule for the merchant's new transactions (returned).
func byHand(ctx context.Context, tx store.Tx, userID int64, t centavo.Transaction, category string, applyToFuture bool, now time.Time) (*centavo.Rule, error) {
	if applyToFuture && t.MerchantKey == "" {
		return nil, centavo.Errorf(centavo.EINVALID, "this transaction has no merchant to make a rule for")
	}
	if t.MerchantKey != "" {
		// A vote for one's own category counts for its parent: the crowd
		// knows only the fixed ones.
		vote := store.CrowdVote{UserID: userID, MerchantKey: t.MerchantKey, Category: centavo.ParentCategory(category), At: now}
		if err := categorize.RecordVote(ctx, tx, vote); err != nil {
			return nil, err
		}
	}
	if !applyToFuture {
		return nil, nil
	}
	rule := &centavo.Rule{UserID: userID, MerchantKey: t.MerchantKey, Merchant: t.Merchant, Category: category, CreatedAt: now}
	return rule, tx.UpsertRule(ctx, rule)
}

// change reads the user's transaction in a store transaction, lets edit
// change it, and if it changed writes it back and moves the aggregates by
// the difference (Refile: budget evaluations and change events included).
// *out is the transaction after; changed says whether it was written.
func (s *Service) change(ctx context.Context, userID, txID int64, edit func(store.Tx, *centavo.Transaction, time.Time) error, out *centavo.Transaction) (bool, error) {
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return false, err
	}
	now := s.Now().UTC()
	changed := false
	err = st.InTx(ctx, func(tx store.Tx) error {
		changed = false
		before, err := tx.TransactionForUpdate(ctx, userID, txID)
		if err != nil {
			return err
		}
		after := before
		after.Tags, after.Splits = slices.Clone(before.Tags), slices.Clone(before.Splits)
		if err := edit(tx, &after, now); err != nil {
			return err
		}
		*out = after
		if sameTransaction(before, after) {
			return nil
		}
		changed = true
		if err := tx.UpdateTransaction(ctx, after); err != nil {
			return err
		}
		if err := s.owe(ctx, tx, userID); err != nil {
			return err
		}
		if before.Category == after.Category && sameParts(before, after) {
			return nil
		}
		return Refile(ctx, tx, userID, []centavo.Transaction{before}, []centavo.Transaction{after}, now)
	})
	return changed, err
}

// sameTransaction says whether a and b agree on everything a person can
// change.
func sameTransaction(a, b centavo.Transaction) bool {
	return a.Merchant == b.Merchant && a.Category == b.Category && a.CategorySource == b.CategorySource && a.Notes == b.Notes &&
		slices.Equal(a.Tags, b.Tags) && a.Hidden == b.Hidden && slices.Equal(a.Splits, b.Splits) &&
		a.TransferPairID == b.TransferPairID && a.Edited == b.Edited
}

// SetSplits divides one of the user's posted transactions among categories
// (at least two parts, each non-zero with the transaction's sign, summing
// exactly to its amount), or with none undoes the split. The transaction's
// own category stays as it was (shown; the parts are what count). Spending
// and budgets follow the parts.
func (s *Service) SetSplits(ctx context.Context, userID, txID int64, splits []centavo.Split) (centavo.Transaction, error) {
	if len(splits) == 1 || len(splits) > MaxSplits {
		return centavo.Transaction{}, centavo.Errorf(centavo.EINVALID, "a split has 2 to %d parts", MaxSplits)
	}
	for i := range splits {
		if err := categoryShape(splits[i].Category); err != nil {
			return centavo.Transaction{}, err
		}
		if err := CheckNotes(splits[i].Notes); err != nil {
			return centavo.Transaction{}, err
		}
	}
	var out centavo.Transaction
	changed, err := s.change(ctx, userID, txID, func(tx store.Tx, t *centavo.Transaction, _ time.Time) error {
		if err := checkSplits(*t, splits); err != nil {
			return err
		}
		if len(splits) > 0 && t.TransferPairID != 0 {
			return centavo.Errorf(centavo.EINVALID, "a side of a transfer cannot be split; change its category to undo the pair first")
		}
		for _, p := range splits {
			if err := categorize.CheckCategory(ctx, tx, userID, p.Category); err != nil {
				return err
			}
		}
		t.Splits = slices.Clone(splits)
		t.Edited |= centavo.EditedSplits
		return nil
	}, &out)
	if err != nil {
		return centavo.Transaction{}, fmt.Errorf("ledger: split: %w", err)
	}
	if changed {
		s.invalidate(ctx, userID)
	}
	return out, nil
}

// checkSplits says whether splits may divide t (none: unsplit).
func checkSplits(t centavo.Transaction, splits []centavo.Split) error {
	if len(splits) == 0 {
		return nil
	}
	if t.Pending {
		return centavo.Errorf(centavo.EINVALID, "a pending transaction cannot be split: wait until it posts")
	}
	var sum int64
	for _, p := range splits {
		if p.AmountCents == 0 || (p.AmountCents < 0) != (t.AmountCents < 0) {
			return centavo.Errorf(centavo.EINVALID, "each part must be non-zero with the sign of the transaction's amount (%d)", t.AmountCents)
		}
		if (p.AmountCents > 0 && sum > centavo.MaxTotalCents-p.AmountCents) || (p.AmountCents < 0 && sum < -centavo.MaxTotalCents-p.AmountCents) {
			return centavo.Errorf(centavo.EINVALID, "the parts sum to more than any amount")
		}
		sum += p.AmountCents
	}
	if sum != t.AmountCents {
		return centavo.Errorf(centavo.EINVALID, "the parts sum to %d, the transaction's amount is %d", sum, t.AmountCents)
	}
	return nil
}

// ValidCategory says whether the user may file a transaction under cat
// (invalid: no such category of theirs).
func (s *Service) ValidCategory(ctx context.Context, userID int64, cat string) error {
	if err := categoryShape(cat); err != nil {
		return err
	}
	st, err := s.Cluster.ForUser(ctx, userID)
	if err != nil {
		return err
	}
	return categorize.CheckCategory(ctx, st, userID, cat)
}
