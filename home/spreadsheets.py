"""Spreadsheet cells that cannot run as formulas (CSV/formula injection, OWASP).

Every CSV and XLSX the project writes goes through this module: the admin's
exports (``protect_admin_exports``) and the campaign impact report. A text that a spreadsheet would read as a
formula — one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return — gets a leading apostrophe in CSV; in XLSX it is written as a string
cell with Excel's "quote prefix" style, never as a formula.
"""

import datetime

from openpyxl.cell import WriteOnlyCell
from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value):
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def csv_safe(value):
    """The value for a CSV cell: formula-like text gets a leading apostrophe."""
    return f"'{value}" if is_formula_like(value) else value


def csv_safe_row(values):
    return [csv_safe(value) for value in values]


def xlsx_cell(worksheet, value, number_format=None):
    """A write-only XLSX cell; text is always a string cell, formula-like text is quote-prefixed."""
    cell = WriteOnlyCell(worksheet, value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would turn "=..." into a formula
        if is_formula_like(value):
            cell.quotePrefix = True
    if number_format:
        cell.number_format = number_format
    return cell


def xlsx_row(worksheet, values):
    return [xlsx_cell(worksheet, value) for value in values]


def _write_csv_row(self, writer, row_dict):
    return writer.writerow(
        {
            field: csv_safe(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()
        }
    )


def _generate_xlsx_row(self, worksheet, row_dict, date_format=None):
    for field, value in row_dict.items():
        dated = date_format and isinstance(value, datetime.datetime)
        yield xlsx_cell(
            worksheet,
            self.preprocess_field_value(field, value, self.FORMAT_XLSX),
            number_format=date_format if dated else None,
        )


def protect_admin_exports():
    """Route every admin CSV/XLSX export through this module (called from ``HomeConfig.ready``).

    All of them — wagtail-modeladmin registers, snippet listings, Wagtail's own reports —
    write their rows with ``SpreadsheetExportMixin``; replacing its two row writers here
    covers each present and future export view in one place.
    """
    SpreadsheetExportMixin.write_csv_row = _write_csv_row
    SpreadsheetExportMixin.generate_xlsx_row = _generate_xlsx_row
