import pytest

from assure.accounts.models import OrganisationKind, UnitKind
from assure.accounts.tests.factories import OrganisationFactory, UnitFactory
from assure.core.audit import SystemActor


@pytest.fixture
def data_dir(settings, tmp_path):
    """An installation folder of the test's own (the case-data store lives under it)."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def force(db):
    force = OrganisationFactory(
        name="West Yorkshire Police", slug="west-yorkshire", kind=OrganisationKind.FORCE
    )
    for code, name in (("LDS", "Leeds"), ("KIR", "Kirklees"), ("BRD", "Bradford")):
        UnitFactory(organisation=force, kind=UnitKind.DISTRICT, code=code, name=name)
    return force


@pytest.fixture
def system():
    return SystemActor("tests")


def write(path, text: str):
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path
