"""Workbook -> scenario, through the same validation as a JSON document.

The reader turns each sheet into the JSON structure of the scenario and remembers,
for every document path it produced (``requests[4].cohort``), the cell it came from.
:func:`scheduler.io.load_scenario_with_warnings` then checks the document exactly as
it checks JSON, and every issue is reported at its cell::

    requests!B7 (cohort): unknown cohort 'x'

Paths without a cell of their own fall back to the row (``requests row 7``), the sheet
or the workbook. Nothing in the workbook is ignored silently: unknown columns and
values under no header are errors, unknown sheets are warnings. A sheet may carry its
English or its Chinese name (``requests`` or ``实训需求``); merged cells read as their
top-left value in every cell of the range; a formula without a computed value is an
error at its cell.

Parts: :mod:`.issues` (places and problems), :mod:`.file_checks` (the file before and
while openpyxl loads it), :mod:`.cell_values` and :mod:`.headers` (one cell),
:mod:`.grid` (one sheet as rows), :mod:`.rows` (rows -> document), :mod:`.workbook`
(sheets matched, read and validated: :func:`~.workbook.import_workbook`).
"""
