#!/usr/bin/python3
"""Reads a summary workbook back with openpyxl (read-only, streaming) and checks its shape:
   python3 check_xlsx.py FILE UNITS TOTALS_JSON
UNITS is the number of units expected on 汇总 and 填报情况; TOTALS_JSON maps field codes to
the expected grand total in hundredths (from the bare SQL).
Prints one JSON object; exits 1 when anything does not match."""
import json
import sys
import time

from openpyxl import load_workbook

# The default form's figures, in the order of the summary sheet's columns after the six
# identifying ones (序号, 单位代码, 单位名称, 单位类型, 所属区, 状态).
FIELDS = ["activities_held", "municipal_activities", "fund_municipal", "fund_district", "fund_enterprise",
          "fund_in_kind", "fund_other", "staff_fulltime", "staff_scientists", "staff_volunteers", "staff_other",
          "participants_offline", "participants_online", "media_outlets", "media_reports", "venues_opened",
          "institutes_opened", "universities_opened"]


def main():
    path, units, expected = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
    t0 = time.monotonic()
    wb = load_workbook(path, read_only=True, data_only=True)
    out = {"sheets": wb.sheetnames, "problems": []}
    ws = wb["汇总"]
    header = unit_rows = subtotal_rows = own_rows = total_rows = other = 0
    serial_ok = True
    grand = None
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        if i < 3:
            header += 1
            continue
        label = row[2] if len(row) > 2 else None
        if isinstance(label, str) and label.startswith("小计"):
            subtotal_rows += 1  # per type, and per district area (辖区合计, decision 0010)
        elif isinstance(label, str) and label.startswith("其中"):
            own_rows += 1  # a district's own figures (本单位) under its area
        elif label == "合计":
            total_rows += 1
            grand = row[6:]
        elif isinstance(row[0], (int, float)):
            unit_rows += 1
            if int(row[0]) != unit_rows:
                serial_ok = False
        else:
            other += 1
    out.update(summary_rows=header + unit_rows + subtotal_rows + own_rows + total_rows + other, header_rows=header,
               unit_rows=unit_rows, subtotal_rows=subtotal_rows, own_rows=own_rows, total_rows=total_rows,
               other_rows=other)
    if unit_rows != units:
        out["problems"].append(f"汇总 has {unit_rows} unit rows, expected {units}")
    if total_rows != 1 or other:
        out["problems"].append(f"汇总: {total_rows} 合计 rows, {other} unexpected rows")
    if not serial_ok:
        out["problems"].append("汇总: 序号 is not 1..n")
    if grand is not None:
        for k, want in expected.items():
            got = grand[FIELDS.index(k)]
            if got is None or round(float(got) * 100) != int(want):
                out["problems"].append(f"合计 column {k}: {got} != {int(want) / 100}")
    done = sum(1 for _ in wb["填报情况"].iter_rows(values_only=True)) - 2
    out["completeness_rows"] = done
    if done != units:
        out["problems"].append(f"填报情况 has {done} unit rows, expected {units}")
    out["read_seconds"] = round(time.monotonic() - t0, 2)
    print(json.dumps(out, ensure_ascii=False))
    return 1 if out["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
