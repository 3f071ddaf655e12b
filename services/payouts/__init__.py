"""Payouts: what brands owe, payments, invoices and their PDFs, exchange rates and earnings."""
