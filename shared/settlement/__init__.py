"""Settlement (결산): the double-entry ledger and, later, payment runs, closes and reports."""
