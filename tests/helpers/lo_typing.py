#!/usr/bin/python3
# Types into workbooks the way an officer does, through LibreOffice's own input parsing, and saves
# each result as .xlsx. Run with Debian's /usr/bin/python3 (python3-uno), never a pyenv one.
#
#   /usr/bin/python3 lo_typing.py JOB.json RESULT.json
#
# JOB.json: {"locale": "vi-VN", "jobs": [{"template": "/abs/t.xlsx", "sheet": "Phụ lục 1",
#             "outputs": [{"out": "/abs/o.xlsx", "cells": {"E5": "95,8%", "G5": "…"}}]}]}
# RESULT.json: {"outputs": {"/abs/o.xlsx": null | "error text"}}
#
# How a keystroke is stood in for (LibreOffice 7.4):
#  - The text goes in through the cell's FormulaLocal property: ScDocFunc::SetCellText with the
#    document's locale (the profile's ooSetupSystemLocale), which is the parsing of the cell's input
#    line when Enter is pressed (numbers, percentages, dates, booleans, formulas, the format the
#    input implies applied to the cell). XCell.setFormula parses as en-US whatever the locale and
#    applies no detected format; the dispatcher's .uno:EnterString crashes the headless process.
#  - What the input handler adds while keys are pressed is done here as it does it: starting to
#    type a digit, "-" or the decimal separator into a cell formatted as a percentage pre-fills "%"
#    with the cursor before it (sc/source/ui/app/inputhdl.cxx, ScInputHandler::KeyInput,
#    nCellPercentFormatDecSep), so "95,8" typed there is entered as "95,8%" and "95,8%" as "95,8%%".
#    AutoCorrect and AutoInput (completing from the column's other entries) are not stood in for.
#  - A blank input is the cell cleared (Delete).
#  - Each output starts from the template as it was loaded: the cells typed into get their number
#    format back first (what an earlier entry made of it, a date or a boolean format, is undone).
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue

PERCENT = 128  # com.sun.star.util.NumberFormat.PERCENT
CLEAR = 1 | 2 | 4 | 16  # VALUE | DATETIME | STRING | FORMULA


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def profile(locale):
    root = tempfile.mkdtemp(prefix='lo-typing-')
    os.makedirs(os.path.join(root, 'user'))
    with open(os.path.join(root, 'user', 'registrymodifications.xcu'), 'w', encoding='utf-8') as f:
        f.write(f'''<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseDocumentSystemFileLocking" oor:op="fuse"><value>false</value></prop></item>
</oor:items>''')
    return root


def connect(pipe, deadline):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
    while True:
        try:
            return resolver.resolve(f'uno:pipe,name={pipe};urp;StarOffice.ComponentContext')
        except Exception:
            if time.time() > deadline:
                raise
            time.sleep(0.2)


def decimal_separator(locale):
    return ',' if locale.split('-')[0] in ('vi', 'de', 'fr', 'ru', 'id', 'es', 'it', 'pt') else '.'


def type_into(doc, cell, text, sep):
    if text == '':
        cell.clearContents(CLEAR)
        return
    fmt = doc.NumberFormats.getByKey(cell.NumberFormat)
    if (fmt.Type & PERCENT) and (text[0].isdigit() or text[0] == '-' or text[0] == sep):
        text = text + '%'
    cell.setPropertyValue('FormulaLocal', text)


def main():
    job = json.load(open(sys.argv[1], encoding='utf-8'))
    locale = job['locale']
    sep = decimal_separator(locale)
    results = {}
    root = profile(locale)
    pipe = f'phuluc-typing-{os.getpid()}'
    env = dict(os.environ, LC_ALL='C.UTF-8', LANG='C.UTF-8')
    office = subprocess.Popen(
        ['soffice', f'-env:UserInstallation=file://{root}', '--headless', '--invisible', '--norestore', '--nologo',
         '--nodefault', '--nolockcheck', f'--accept=pipe,name={pipe};urp;'],
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    try:
        ctx = connect(pipe, time.time() + 90)
        desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
        for j in job['jobs']:
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(j['template']), '_blank', 0, (prop('Hidden', True),))
            if doc is None:
                for o in j['outputs']:
                    results[o['out']] = 'LibreOffice could not load the template'
                continue
            try:
                sheet = doc.Sheets.getByName(j['sheet'])
                formats = {}
                for o in j['outputs']:
                    try:
                        for address, text in o['cells'].items():
                            cell = sheet.getCellRangeByName(address)
                            if address not in formats:
                                formats[address] = cell.NumberFormat
                            cell.NumberFormat = formats[address]
                            type_into(doc, cell, text, sep)
                        doc.calculateAll()
                        doc.storeToURL(uno.systemPathToFileUrl(o['out']), (prop('FilterName', 'Calc MS Excel 2007 XML'),))
                        results[o['out']] = None
                    except Exception as e:  # noqa: BLE001 - reported per output, the run goes on
                        results[o['out']] = f'{type(e).__name__}: {e}'
            finally:
                doc.close(True)
    finally:
        try:
            if desktop is not None:
                desktop.terminate()
        except Exception:  # noqa: BLE001 - the process is going away
            pass
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(office.pid, 9)
        shutil.rmtree(root, ignore_errors=True)
        with open(sys.argv[2], 'w', encoding='utf-8') as f:
            json.dump({'outputs': results}, f)


if __name__ == '__main__':
    main()
