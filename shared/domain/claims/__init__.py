"""Billing intake (e호조+BILL 전자대금청구): claims, their lifecycle, uploads, and the intake core."""
