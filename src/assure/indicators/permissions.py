"""Who may import case data: the force's coordinators, and system jobs (the CLI, the demo)."""

from assure.accounts.permissions import is_system_or_superuser
from assure.inspections.permissions import coordinates_force

can_import_cases = is_system_or_superuser | coordinates_force
