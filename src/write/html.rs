//! The HTML summary, rendered by Tera from `templates/summary.html` (filled in by the summary issue).
