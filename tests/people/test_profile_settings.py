"""Settings: validated before writing, and the database rejects what slips through (both gateways)."""
import pytest

from services.people import profiles
from services.core.errors import ValidationError
from tests.support.people import person_with_profile


@pytest.fixture
def creator(gateway_for):
    return person_with_profile(gateway_for, "settings@example.test", "Rae Settings")


def _changes(**overrides):
    base = dict(display_name="Rae", niche="Fitness", home_currency="EUR", time_zone="Europe/Madrid",
                locale="en", disclosure_markets=("ES", "US"))
    base.update(overrides)
    return profiles.ProfileChanges(**base)


def test_settings_are_saved(creator):
    saved = profiles.update_profile(creator, _changes())
    assert (saved["home_currency"], saved["time_zone"], saved["disclosure_markets"]) == ("EUR", "Europe/Madrid", ["ES", "US"])


@pytest.mark.parametrize("overrides, message", [
    ({"home_currency": "XYZ"}, 'Unknown currency "XYZ"'),
    ({"time_zone": "Mars/Olympus"}, 'Unknown time zone "Mars/Olympus"'),
    ({"display_name": "  "}, "Display name must be 1 to 80 characters"),
    ({"disclosure_markets": ("US", "XX")}, "Unknown disclosure market: XX"),
    ({"locale": "tlh"}, 'Unknown language "tlh"'),
])
def test_bad_settings_get_a_message_and_change_nothing(creator, overrides, message):
    before = profiles.get_profile(creator)
    with pytest.raises(ValidationError) as error:
        profiles.update_profile(creator, _changes(**overrides))
    assert message in str(error.value)
    assert profiles.get_profile(creator) == before


@pytest.mark.parametrize("params, message", [
    ({"p_home_currency": "ABC"}, "unknown currency"),
    ({"p_time_zone": "Nowhere/City"}, "unknown time zone"),
    ({"p_locale": "xx"}, "value is not allowed"),
    ({"p_disclosure_markets": ["US", "ZZ"]}, "value is not allowed"),
])
def test_database_rejects_bad_settings_that_skip_python_validation(creator, params, message):
    before = profiles.get_profile(creator)
    args = {"p_display_name": "Rae", "p_niche": None, "p_home_currency": "EUR", "p_time_zone": "UTC",
            "p_locale": "en", "p_disclosure_markets": ["US"], **params}
    with pytest.raises(ValidationError) as error:
        creator.rpc("update_profile", args)
    assert message in str(error.value).lower()
    assert profiles.get_profile(creator) == before


def test_a_person_cannot_change_their_own_role(creator):
    from services.core.errors import PermissionDenied
    from services.core.db.gateway import eq
    with pytest.raises(PermissionDenied):
        creator.update("profiles", {"role": "brand_partner"}, [eq("id", creator.person.id)])
    assert profiles.get_profile(creator)["role"] == "creator"
