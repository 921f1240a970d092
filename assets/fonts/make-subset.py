#!/usr/bin/env python3
"""Make assets/fonts/LantuSansSC-Regular.otf: Noto Sans CJK SC Regular cut to the characters a Chinese
planning report uses, so charts and maps rasterised on the server look the same on every machine.

Source: Debian's fonts-noto-cjk (NotoSansCJK-Regular.ttc, face 2 = SC, version 2.004), SIL OFL 1.1.
Kept: ASCII and Latin-1, general punctuation, CJK symbols and full-width forms, the units and symbols of
the indicator catalogue (℃ ㎡ ‰ ² ³ ① …), and every character of GB 2312 (6,763 hanzi + symbols).
Renamed family 'Lantu Sans SC' — a modified version (OFL §3 allows it; Noto declares no reserved name)
that must not shadow the full system font for LibreOffice or browsers.

Run: /usr/bin/python3 assets/fonts/make-subset.py  (needs python3-fonttools)
"""
import os
from fontTools import subset
from fontTools.ttLib import TTCollection

SRC = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'LantuSansSC-Regular.otf')
FAMILY = 'Lantu Sans SC'


def gb2312() -> set[int]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode('gb2312')))
            except UnicodeDecodeError:
                pass
    return chars


def wanted() -> set[int]:
    cps = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    cps |= set(range(0x2000, 0x2070))  # general punctuation (— ‰ ‘ ’ “ ” …)
    cps |= set(range(0x2100, 0x2200))  # letterlike (℃ №) and number forms (Ⅰ Ⅱ)
    cps |= set(range(0x2190, 0x2200))  # arrows (↑ → for the north arrow and trends)
    cps |= set(range(0x2460, 0x24A0))  # circled numbers ①
    cps |= set(range(0x25A0, 0x2600))  # geometric shapes ■ ▲ ● for legends
    cps |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation
    cps |= set(range(0x3380, 0x33E0))  # CJK compatibility units ㎡ ㎞ ㎏
    cps |= set(range(0xFF00, 0xFFF0))  # full-width forms
    cps |= {0x00B2, 0x00B3, 0x00B7, 0x00D7, 0x00F7}
    return cps | gb2312()


def main() -> None:
    font = TTCollection(SRC).fonts[2]
    options = subset.Options()
    options.layout_features = ['*']
    options.name_IDs = ['*']
    options.name_languages = ['*']
    options.notdef_outline = True
    options.hinting = False  # rasterised at report sizes by resvg, which ignores hints
    sub = subset.Subsetter(options)
    sub.populate(unicodes=wanted())
    sub.subset(font)
    names = font['name']
    for rec in list(names.names):
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID == 4:
            rec.string = FAMILY + ' Regular'
        elif rec.nameID == 6:
            rec.string = 'LantuSansSC-Regular'
        elif rec.nameID == 3:
            rec.string = 'Lantu Sans SC Regular; subset of Noto Sans CJK SC 2.004'
    # CFF carries its own copy of the PostScript and family names.
    cff = font['CFF '].cff
    cff.fontNames = ['LantuSansSC-Regular']
    top = cff.topDictIndex[0]
    top.FullName = FAMILY + ' Regular'
    top.FamilyName = FAMILY
    font.save(OUT)
    print(OUT, os.path.getsize(OUT), 'bytes', len(font.getBestCmap()), 'characters')


if __name__ == '__main__':
    main()
