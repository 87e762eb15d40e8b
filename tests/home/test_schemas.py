import datetime

import pytest
from pydantic import TypeAdapter, ValidationError

from home.schemas import ApiDate

adapter = TypeAdapter(ApiDate)


def test_api_dates_are_iso_text():
    assert adapter.validate_python("2026-12-01") == datetime.date(2026, 12, 1)


@pytest.mark.parametrize("value", ["0", 0, "1.12.2026", "2026-13-01", "0045-02-13", "2200-01-01"])
def test_api_dates_refuse_timestamps_garbage_and_odd_years(value):
    with pytest.raises(ValidationError):
        adapter.validate_python(value)
