"""Use cases of the program (no Qt).

Importing the package turns on the audit trail: every change made through a session is
recorded (see :mod:`app.services.audit`).
"""

from app.services import audit as _audit  # noqa: F401 - registers the session events
