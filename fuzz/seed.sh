#!/usr/bin/env bash
# Seeds the fuzz corpora from the bundled samples: one file per form for the text readers, and
# for the xlsx target a converted workbook (mode byte 1) and its sheet XML (mode byte 0).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/pdf_text fuzz/corpus/tsv fuzz/corpus/xlsx fuzz/corpus/any
title='财政项目支出绩效自评表'
for f in samples/*.txt; do
  if head -c 4096 "$f" | grep -q $'\t'; then dir=tsv; else dir=pdf_text; fi
  # A new piece starts at each title line.
  awk -v t="$title" -v out="fuzz/corpus/$dir/$(basename "$f" .txt)" \
    'index($0, t) { n++ } { print > (out "-" n) }' "$f"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet --release -- convert --quiet samples/shanghai-minhang-social-security-2024.txt \
  samples/shanghai-songjiang-admin-service-2021.txt -o "$tmp/book.xlsx"
{ printf '\001'; cat "$tmp/book.xlsx"; } > fuzz/corpus/xlsx/workbook
(cd "$tmp" && python3 -c '
import zipfile, sys
z = zipfile.ZipFile("book.xlsx")
sheets = sorted((n for n in z.namelist() if n.startswith("xl/worksheets/sheet")), key=lambda n: -z.getinfo(n).file_size)
for i, n in enumerate(sheets[:3]):
    open(f"sheet{i}", "wb").write(b"\0" + z.read(n) + b"\0" + z.read("xl/sharedStrings.xml"))
')
cp "$tmp"/sheet* fuzz/corpus/xlsx/
# The `any` target: one file of every format selfeval reads, made by LibreOffice when present.
cp "$tmp/book.xlsx" fuzz/corpus/any/
cp fuzz/corpus/tsv/* fuzz/corpus/pdf_text/* fuzz/corpus/any/ 2>/dev/null || true
if command -v soffice >/dev/null; then
  for to in xls ods html; do
    soffice --headless --convert-to "$to" --outdir fuzz/corpus/any "$tmp/book.xlsx" >/dev/null
  done
  soffice --headless --infilter="HTML (StarWriter)" --convert-to docx --outdir "$tmp" \
    fuzz/corpus/any/book.html >/dev/null
  cp "$tmp/book.docx" fuzz/corpus/any/
fi
ls fuzz/corpus/* | wc -l
