"""Shared test settings.

Property tests run derandomized: the same examples on every machine and every run, so a
red CI run can be reproduced, and a green one does not depend on luck. No deadline per
example: the machine's load is not a property of the code (bench/ measures speed).
"""

from hypothesis import settings

settings.register_profile("journeyctl", derandomize=True, deadline=None, database=None, print_blob=True)
settings.load_profile("journeyctl")
