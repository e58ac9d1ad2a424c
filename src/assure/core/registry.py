"""How an app plugs into the floors above it without them naming it.

An app's ``AppConfig`` subclasses :class:`AssureAppConfig` and declares what it contributes:
navigation entries, a demo loader, the CLI commands it offers, where its URL-matrix rows live,
and any extension points that lower apps define (the inspection page's panels, for example).
The top floor (``assure.site``) and lower apps read the declarations through :func:`collect`,
in ``INSTALLED_APPS`` order, so adding an app is its folder, one line in settings and one in the
root URLconf (docs/adding-an-app.md).

Declarations are dotted paths, resolved on first use: an ``apps.py`` is imported before models
are ready, so it must not import the modules it points at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import AppConfig, apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavEntry:
    """One link in the header's navigation.

    ``visible`` is the dotted path of a predicate ``(user) -> bool`` from the app's permissions;
    ``order`` places it among every app's entries (lower first).
    """

    text: str
    url_name: str
    visible: str
    order: int = 100


@dataclass(frozen=True)
class HomePanel:
    """One panel of a person's start page: what needs them now, as a count and a link to the
    list that shows those things (the ``home_panels`` hook, composed by the top floor).

    ``count`` is worked out in the database; ``href`` leads to the filtered list. ``order``
    places it among every app's panels (lower first). ``empty`` is what the panel says when the
    count is nought (the panel is still shown, so a person knows it was looked at).
    """

    title: str
    count: int
    href: str
    link_text: str
    description: str = ""
    empty: str = "Nothing at the moment."
    order: int = 100


class AssureAppConfig(AppConfig):
    """The base for Assure's apps: what each one contributes to the floors above it.

    Subclass it as ``registry.AssureAppConfig`` (not imported by name), so that Django still
    finds exactly one AppConfig in the app's ``apps.py``.
    """

    #: Header navigation entries.
    nav_entries: tuple[NavEntry, ...] = ()
    #: Dotted path of ``load(*, context: DemoContext) -> list[str]`` (what it made).
    demo_loader: str | None = None
    #: Management commands people run as ``assure <name>`` (names with hyphens).
    cli_commands: tuple[str, ...] = ()
    #: Dotted module path holding ``MATRIX`` and ``URL_KWARGS`` for the role × URL matrix.
    url_matrix: str | None = None
    #: Extension points defined by lower apps: hook name -> dotted path of a callable. The top
    #: floor defines ``home_panels``: ``(user, *, today) -> list[HomePanel]``, what the person's
    #: start page shows from this app, in a fixed number of queries whatever the data size.
    hooks: dict[str, str] = {}


def assure_apps() -> Iterator[AssureAppConfig]:
    """Installed Assure apps, in ``INSTALLED_APPS`` order."""
    for config in apps.get_app_configs():
        if isinstance(config, AssureAppConfig):
            yield config


def collect(attribute: str) -> list[tuple[AssureAppConfig, Any]]:
    """Every app's non-empty declaration of ``attribute``, with the app that made it."""
    found = []
    for config in assure_apps():
        value = getattr(config, attribute, None)
        if value:
            found.append((config, value))
    return found


def hook(name: str) -> list[Callable[..., Any]]:
    """The callables that apps registered for the extension point ``name``, in app order."""
    return [
        _resolve(config.hooks[name]) for config in assure_apps() if name in (config.hooks or {})
    ]


_resolved: dict[str, Any] = {}


def _resolve(dotted: str) -> Any:
    if dotted not in _resolved:
        _resolved[dotted] = import_string(dotted)
    return _resolved[dotted]


def resolve(dotted: str) -> Any:
    """The object a declaration's dotted path names (cached)."""
    return _resolve(dotted)
