#!/usr/bin/python3
"""Writes the spreadsheets that src/utils/xlsx-grid.test.ts reads (src/utils/__fixtures__/).

The browser's xlsx reader must take files written by other programs, not only our own
exports (those are covered by e2e/report-import.test.mjs). So the fixtures are real files:

  openpyxl.xlsx     written here by openpyxl (Debian's python3-openpyxl), shaped like the
                    summary export: a merged title, a two-level merged header, numbers,
                    text, empty cells in the middle, a formula (openpyxl stores no cached
                    value), a date, a boolean, styled cells with no value at the edges,
                    and a second sheet that starts at B3.
  libreoffice.xlsx  the same workbook opened and saved again by LibreOffice Calc
                    (`soffice --headless --convert-to xlsx`), which computes the formula
                    and writes its own styles, shared strings and dimensions. Made only when
                    `soffice` is installed; LibreOffice is not a dependency of the project
                    (scripts/install-deps.sh leaves it out), so the committed file is kept.
  too-many-sheets.xlsx, too-wide.xlsx, too-long.xlsx
                    one past each bound of the import grid (20 sheets, 400 columns, 20,000
                    rows), each a few kilobytes: a cell far away makes a large sheet.

Run from anywhere: /usr/bin/python3 web/scripts/make-xlsx-fixtures.py
The output is deterministic apart from the timestamps inside the zip files.
"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'src', 'utils', '__fixtures__')

# 600 characters of Chinese: 1,800 bytes of UTF-8, over the server's 1,000-byte text limit.
LONG_NOTE = ('本单位科技周期间开展了多场科普活动' * 40)[:600]


def summary_workbook():
    wb = Workbook()
    ws = wb.active
    ws.title = '汇总'
    bold = Font(bold=True)
    thin = Side(style='thin')
    box = Border(left=thin, right=thin, top=thin, bottom=thin)

    ws['A1'] = '2025年北京科技周活动开展情况统计汇总表'
    ws.merge_cells('A1:G1')
    ws['A1'].font = Font(bold=True, size=14)
    ws['A1'].alignment = Alignment(horizontal='center')

    # Two header rows: 单位代码 and 单位名称 span both, a group label spans its columns.
    ws['A2'] = '单位代码'
    ws.merge_cells('A2:A3')
    ws['B2'] = '单位名称'
    ws.merge_cells('B2:B3')
    ws['C2'] = '活动情况'
    ws.merge_cells('C2:D2')
    ws['E2'] = '经费投入情况（万元）'
    ws.merge_cells('E2:F2')
    ws['G2'] = '备注'
    ws.merge_cells('G2:G3')
    ws['C3'] = '举办活动次数（次）'
    ws['D3'] = '承接北京市科普活动个数（个）'
    ws['E3'] = '北京市财政经费投入情况'
    ws['F3'] = '区级财政经费投入情况'
    for row in ws['A2:G3']:
        for c in row:
            c.font = bold
            c.border = box

    ws.append(['110101', '东城区', 12, 3, 10.55, 20.25, None])  # row 4
    # row 5: the code as a number, an empty cell in the middle, a note on two lines
    ws.append([110108, '  海淀区 ', None, 2, 0.1, None, '第一行\n第二行'])
    ws.append(['pku', '北京大学', '十二', 1234567, 1.5, 0, LONG_NOTE])  # row 6: text in a number cell
    ws.append([None, '合计', '=SUM(C4:C6)', '=SUM(D4:D6)', None, None, None])  # row 7: formulas
    ws['A9'] = '填报日期'
    ws['B9'] = datetime.date(2025, 5, 20)
    ws['B9'].number_format = 'yyyy-mm-dd'
    ws['C9'] = '已核实'
    ws['D9'] = True
    # Styled cells with no value past the data, as a template leaves them: not part of the grid.
    for ref in ('J4', 'K12', 'A14'):
        ws[ref].fill = PatternFill('solid', fgColor='FFFF00')
        ws[ref].border = box
    ws.column_dimensions['B'].width = 16

    info = wb.create_sheet('填报情况')
    info['B3'] = '单位'
    info['C3'] = '状态'
    info['B4'] = '东城区'
    info['C4'] = '已提交'
    info['B5'] = '海淀区'
    info['D5'] = -0.25
    return wb


def edge_workbooks():
    many = Workbook()
    many.active.title = '第1页'
    many.active['A1'] = 1
    for i in range(2, 22):
        many.create_sheet(f'第{i}页')['A1'] = i

    wide = Workbook()
    wide.active['A1'] = '单位代码'
    wide.active.cell(row=1, column=401, value='第401列')

    long_ = Workbook()
    long_.active['A1'] = '单位代码'
    long_.active.cell(row=20001, column=1, value='第20001行')
    return {'too-many-sheets.xlsx': many, 'too-wide.xlsx': wide, 'too-long.xlsx': long_}


def convert_with_libreoffice(src, dest):
    soffice = shutil.which('soffice') or shutil.which('libreoffice')
    if not soffice:
        print(f'soffice not found: {os.path.relpath(dest)} left as it is', file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as tmp:
        # A private profile, so a desktop session's LibreOffice is neither needed nor touched.
        profile = 'file://' + os.path.join(tmp, 'profile')
        out = os.path.join(tmp, 'out')
        subprocess.run(
            [soffice, f'-env:UserInstallation={profile}', '--headless', '--calc', '--convert-to',
             'xlsx:Calc MS Excel 2007 XML', '--outdir', out, src],
            check=True, stdout=subprocess.DEVNULL, timeout=300)
        shutil.copyfile(os.path.join(out, os.path.basename(src)), dest)


def main():
    os.makedirs(OUT, exist_ok=True)
    src = os.path.join(OUT, 'openpyxl.xlsx')
    summary_workbook().save(src)
    for name, wb in edge_workbooks().items():
        wb.save(os.path.join(OUT, name))
    convert_with_libreoffice(src, os.path.join(OUT, 'libreoffice.xlsx'))


if __name__ == '__main__':
    main()
