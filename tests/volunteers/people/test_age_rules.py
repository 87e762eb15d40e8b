"""The age and guardian rules hold for every birth year (property-based)."""

from hypothesis import given
from hypothesis import strategies as st

from tests.factories import YEAR
from volunteers.people import services

emails = st.sampled_from(["", "opiekun@example.org", "ja@example.org", "JA@example.org"])


@given(birth_year=st.integers(min_value=YEAR - 130, max_value=YEAR + 5), guardian=emails)
def test_age_rules_for_every_birth_year(birth_year, guardian):
    age = YEAR - birth_year
    try:
        result = services.check_age(birth_year, guardian, "ja@example.org")
    except services.TooYoung:
        assert 0 <= age < 13
        return
    except services.GuardianRequired:
        assert 13 <= age < 18 and not guardian
        return
    except services.RegistrationInvalid:
        assert age < 0 or age > 120 or (13 <= age < 18 and guardian.lower() == "ja@example.org")
        return
    assert result == age and 13 <= age <= 120
    assert age >= 18 or guardian.lower() not in ("", "ja@example.org")
