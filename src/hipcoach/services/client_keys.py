"""The key a phone gives a session or a check-in it sends, so that sending it again saves nothing twice.

The phone makes it once (a UUID) when the runner finishes, and sends it with every try: the first try that
reaches the server stores it beside the record, and each later one is answered with that record.
"""

from __future__ import annotations

from hipcoach.storage import models as m

HEADER = "Idempotency-Key"
MAX_LENGTH = m.CLIENT_KEY_LENGTH
# Letters, digits and dashes (a UUID and the like): nothing a log or a header could be tricked with.
PATTERN = rf"^[A-Za-z0-9][A-Za-z0-9-]{{7,{MAX_LENGTH - 1}}}$"
