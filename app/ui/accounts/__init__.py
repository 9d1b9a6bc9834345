"""Accounts, the audit trail and backups in the window: login, account management, the audit
viewer, backup settings and the restore dialog."""
