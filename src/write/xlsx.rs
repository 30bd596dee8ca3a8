//! The workbook writer: the official paper layout, one sheet per form (filled in by the xlsx issue).
