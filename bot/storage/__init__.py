"""Durable state: the inbox, actions (audit + idempotency), due items and small key-value state."""
