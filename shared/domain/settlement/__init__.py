"""Settlement (결산): budgets and contracts, the double-entry ledger, payment runs, month and year closes, reports."""
