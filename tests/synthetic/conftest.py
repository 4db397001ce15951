import pytest

from floorwalk.synthetic.floor import FloorSpec, SyntheticFloor, build_floor

SMALL = FloorSpec(agents=30, months=2, seed=11)


@pytest.fixture(scope="session")
def floor() -> SyntheticFloor:
    """A small generated floor (here `floor` is synthetic, not the database floor of people)."""
    return build_floor(SMALL)
