"""What a demo loader receives. Each app that has demo content declares ``demo_loader`` in its
``AppConfig`` (core/registry.py); the top floor (``assure.site.demo``) calls the loaders in app
order, inside one transaction, so a failed load leaves nothing half made."""

from dataclasses import dataclass, field
from typing import Any

from .audit import SystemActor


@dataclass
class DemoContext:
    """Shared by the loaders of one run: who acts, the demo password, and what earlier loaders
    made that later ones build on (``shared["inspection"]``, for example)."""

    actor: SystemActor
    password: str
    shared: dict[str, Any] = field(default_factory=dict)
