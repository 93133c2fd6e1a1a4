#!/usr/bin/python3
"""Edits a downloaded .xlsx as a person would in a spreadsheet program (openpyxl, Debian's
python3-openpyxl), for e2e/report-import.test.mjs and e2e/activity-import.test.mjs:

  edit-xlsx.py SRC DEST EDITS_JSON

EDITS_JSON is a list; each edit works on the first sheet unless it names "sheet":
  {"beside": "举办活动次数（次）", "value": 4321}
      the cell to the right of the first cell holding that text (a unit's own table:
      项目 | 数量)
  {"row": "pku", "column": "举办活动次数（次）", "value": 9}
      in a table: the row with a cell holding `row` (a unit code), the column whose header
      holds `column` (the summary: one row per unit)
  {"filler": "附表", "rows": 2500, "cols": 8}
      a new sheet of numbers with no table in it, to make the file large
  {"sheet": "活动", "append": [["青少年机器人体验", "开放日", …], …]}
      rows typed under the last row of the sheet (the activity template: one per activity)
"""
import json
import sys

from openpyxl import load_workbook


def cells_holding(ws, text):
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None and str(c.value).strip() == text:
                yield c


def main():
    src, dest, edits = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    wb = load_workbook(src)
    for e in edits:
        if 'filler' in e:
            ws = wb.create_sheet(e['filler'])
            for r in range(1, e['rows'] + 1):
                ws.append([r * 1000 + c for c in range(e['cols'])])
            continue
        ws = wb[e['sheet']] if 'sheet' in e else wb.worksheets[0]
        if 'append' in e:
            for row in e['append']:
                ws.append(row)
        elif 'beside' in e:
            label = next(cells_holding(ws, e['beside']))
            ws.cell(row=label.row, column=label.column + 1).value = e['value']
        else:
            row = next(cells_holding(ws, e['row'])).row
            col = next(cells_holding(ws, e['column'])).column
            ws.cell(row=row, column=col).value = e['value']
    wb.save(dest)


if __name__ == '__main__':
    main()
