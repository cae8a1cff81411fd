package httpapi

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// route is one entry of the API surface.
type route struct {
	method  string
	pattern string
	auth    bool // requires a bearer token
	handler http.Handler
}

// routes is the whole API surface in one place. The OpenAPI document
// (openapi.json) lists the same routes; a test holds them equal.
func (s *server) routes() []route {
	return []route{
		{"GET", "/healthz", false, s.handleHealthz()},
		{"GET", "/readyz", false, s.handleReadyz()},
		{"GET", "/metrics", false, promhttp.HandlerFor(s.Metrics.Registry, promhttp.HandlerOpts{})},
		{"GET", "/api/openapi.json", false, s.handleOpenAPI()},

		{"POST", "/api/v1/users", false, s.handleSignUp()},
		{"POST", "/api/v1/sessions", false, s.handleSignIn()},
		{"DELETE", "/api/v1/sessions", true, s.handleSignOut()},
		{"GET", "/api/v1/me", true, s.handleMe()},
		{"PATCH", "/api/v1/me", true, s.handlePatchMe()},
		{"DELETE", "/api/v1/me", true, s.handleDeleteMe()},
		{"GET", "/api/v1/me/export", true, s.handleMeExport()},
		{"GET", "/api/v1/me/tokens", true, s.handleTokens()},
		{"DELETE", "/api/v1/me/tokens/{id}", true, s.handleRevokeToken()},
		{"POST", "/api/v1/me/password", true, s.handleChangePassword()},
		{"POST", "/api/v1/password-reset", false, s.handlePasswordReset()},
		{"POST", "/api/v1/password-reset/confirm", false, s.handleConfirmPasswordReset()},
		{"GET", "/api/v1/me/totp", true, s.handleGetTOTP()},
		{"POST", "/api/v1/me/totp", true, s.handleBeginTOTP()},
		{"POST", "/api/v1/me/totp/confirm", true, s.handleConfirmTOTP()},
		{"DELETE", "/api/v1/me/totp", true, s.handleDisableTOTP()},
		{"GET", "/api/v1/me/notification-settings", true, s.handleGetSettings()},
		{"PUT", "/api/v1/me/notification-settings", true, s.handlePutSettings()},
		{"GET", "/api/v1/me/webhooks", true, s.handleWebhooks()},
		{"POST", "/api/v1/me/webhooks", true, s.handleCreateWebhook()},
		{"DELETE", "/api/v1/me/webhooks/{id}", true, s.handleDeleteWebhook()},

		{"GET", "/api/v1/accounts", true, s.handleListAccounts()},
		{"POST", "/api/v1/accounts", true, s.handleLinkAccount()},
		{"GET", "/api/v1/accounts/{id}", true, s.handleGetAccount()},
		{"DELETE", "/api/v1/accounts/{id}", true, s.handleDeleteAccount()},
		{"POST", "/api/v1/accounts/{id}/refresh", true, s.handleRefreshAccount()},
		{"PUT", "/api/v1/accounts/{id}/credentials", true, s.handleRepairAccount()},
		{"GET", "/api/v1/institutions", true, s.handleInstitutions()},
		{"POST", "/api/v1/accounts/{id}/imports", true, s.handleImport()},
		{"GET", "/api/v1/accounts/{id}/holdings", true, s.handleHoldings()},
		{"PUT", "/api/v1/accounts/{id}/balance", true, s.handleSetBalance()},
		{"GET", "/api/v1/accounts/{id}/balances", true, s.handleBalances()},
		{"GET", "/api/v1/networth", true, s.handleNetWorth()},

		{"GET", "/api/v1/transactions", true, s.handleListTransactions()},
		{"GET", "/api/v1/transactions/export", true, s.handleExportTransactions()},
		{"GET", "/api/v1/transactions/{id}", true, s.handleGetTransaction()},
		{"POST", "/api/v1/transactions", true, s.handleCreateTransaction()},
		{"PATCH", "/api/v1/transactions/{id}", true, s.handlePatchTransaction()},
		{"DELETE", "/api/v1/transactions/{id}", true, s.handleDeleteTransaction()},
		{"PUT", "/api/v1/transactions/{id}/splits", true, s.handlePutSplits()},
		{"DELETE", "/api/v1/transactions/{id}/splits", true, s.handleDeleteSplits()},
		{"POST", "/api/v1/transactions/{id}/pair", true, s.handlePairTransaction()},

		{"GET", "/api/v1/rules", true, s.handleRules()},
		{"POST", "/api/v1/rules", true, s.handleCreateRule()},
		{"POST", "/api/v1/rules/preview", true, s.handlePreviewRule()},
		{"PATCH", "/api/v1/rules/{id}", true, s.handlePatchRule()},
		{"DELETE", "/api/v1/rules/{id}", true, s.handleDeleteRule()},
		{"POST", "/api/v1/rules/{id}/apply", true, s.handleApplyRule()},

		{"GET", "/api/v1/spending", true, s.handleSpending()},
		{"GET", "/api/v1/cashflow", true, s.handleCashflow()},
		{"GET", "/api/v1/categories", true, s.handleCategories()},
		{"POST", "/api/v1/categories", true, s.handleCreateCategory()},
		{"PATCH", "/api/v1/categories/{id}", true, s.handleRenameCategory()},
		{"DELETE", "/api/v1/categories/{id}", true, s.handleDeleteCategory()},

		{"GET", "/api/v1/budgets", true, s.handleBudgets()},
		{"PUT", "/api/v1/budgets/{category}", true, s.handlePutBudget()},
		{"DELETE", "/api/v1/budgets/{category}", true, s.handleDeleteBudget()},
		{"GET", "/api/v1/budgets/recommendation", true, s.handleRecommendation()},
		{"POST", "/api/v1/budgets/recommendation", true, s.handleAcceptRecommendation()},

		{"GET", "/api/v1/goals", true, s.handleGoals()},
		{"POST", "/api/v1/goals", true, s.handleCreateGoal()},
		{"GET", "/api/v1/goals/{id}", true, s.handleGetGoal()},
		{"PATCH", "/api/v1/goals/{id}", true, s.handlePatchGoal()},
		{"DELETE", "/api/v1/goals/{id}", true, s.handleDeleteGoal()},
		{"GET", "/api/v1/goals/{id}/contributions", true, s.handleContributions()},
		{"POST", "/api/v1/goals/{id}/contributions", true, s.handleContribute()},

		{"GET", "/api/v1/recurring", true, s.handleRecurring()},
		{"GET", "/api/v1/recurring/upcoming", true, s.handleRecurringUpcoming()},
		{"PATCH", "/api/v1/recurring/{id}", true, s.handlePatchRecurring()},
		{"GET", "/api/v1/notifications", true, s.handleNotifications()},
		{"POST", "/api/v1/notifications/{id}/read", true, s.handleReadNotification()},
	}
}
