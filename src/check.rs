//! Checks: judge each form against the scoring rules (filled in by the check issue).
