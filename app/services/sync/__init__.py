"""Sync between offices by package files (``.dhtt``) carried on a USB stick or by e-mail.

``keys`` — this installation's identity and the offices enrolled here; ``sealing`` — the
encryption of a whole file to a recipient; ``package`` — the file format (signed manifest,
rows, evidence files); ``export`` / ``importer`` — what goes out and what comes in;
``conflicts`` — settling changes that could not be applied; ``status`` — what the Đồng bộ
tab and ``dhtt sync status`` show.
"""
