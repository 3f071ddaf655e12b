"""The local-mode cookie's value: signed over the person and the expiry, read back only when untouched, signed with
this portal's secret and not yet expired by the portal's clock; the secret is made once, 0600, in the data folder."""
from __future__ import annotations

import datetime as dt
import stat

import pytest

from services.core import clock
from services.people import local_cookie

SECRET = b"s" * 32


@pytest.fixture
def moved_clock():
    """The portal's clock frozen at its current instant for the test, then put back as the run had it."""
    saved = clock._frozen, clock._offset
    clock.set_now(clock.now())
    yield clock
    clock._frozen, clock._offset = saved


def test_a_signed_value_reads_back_as_its_person(moved_clock):
    value = local_cookie.sign("maya", SECRET)
    assert local_cookie.verify(value, SECRET) == "maya"


@pytest.mark.parametrize("change", [
    lambda v: v.replace("maya", "leo", 1),                       # another person, same signature
    lambda v: v.replace(v.split(".")[1], str(int(v.split(".")[1]) + 86_400 * 365), 1),  # a later expiry
    lambda v: v[:-2] + ("AA" if not v.endswith("AA") else "BB"),  # the signature itself
    lambda v: v + ".extra",
    lambda v: v.split(".", 1)[1],
    lambda v: "",
])
def test_a_tampered_value_reads_as_nobody(moved_clock, change):
    assert local_cookie.verify(change(local_cookie.sign("maya", SECRET)), SECRET) is None


def test_a_value_signed_with_another_secret_reads_as_nobody(moved_clock):
    assert local_cookie.verify(local_cookie.sign("maya", b"o" * 32), SECRET) is None


def test_a_value_reads_as_nobody_once_the_portals_clock_passes_its_expiry(moved_clock):
    start = clock.now()
    value = local_cookie.sign("maya", SECRET)
    clock.set_now(start + local_cookie.MAX_AGE - dt.timedelta(minutes=1))
    assert local_cookie.verify(value, SECRET) == "maya"
    clock.set_now(start + local_cookie.MAX_AGE + dt.timedelta(seconds=1))
    assert local_cookie.verify(value, SECRET) is None


def test_a_missing_value_reads_as_nobody():
    assert local_cookie.verify(None, SECRET) is None


def test_only_demo_person_keys_can_be_signed():
    with pytest.raises(ValueError):
        local_cookie.sign("maya.leo", SECRET)


def test_the_secret_is_made_once_and_only_its_owner_can_read_it(tmp_path):
    data = tmp_path / "data"
    first = local_cookie.load_secret(data)
    path = data / local_cookie.SECRET_FILE
    assert len(first) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert local_cookie.load_secret(data) == first
    assert [p.name for p in data.iterdir()] == [local_cookie.SECRET_FILE]  # no draft left behind


def test_a_truncated_secret_is_refused_rather_than_used(tmp_path):
    (tmp_path / local_cookie.SECRET_FILE).write_bytes(b"short")
    with pytest.raises(ValueError, match="delete it"):
        local_cookie.load_secret(tmp_path)
