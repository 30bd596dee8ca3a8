//! The check helpers on small values of their own.

use super::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn rule_ids_are_unique_kebab_case() {
    for (i, r) in RULES.iter().enumerate() {
        assert!(
            r.id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}",
            r.id
        );
        assert!(RULES[..i].iter().all(|o| o.id != r.id), "{}", r.id);
    }
    assert!(RULES.windows(2).all(|w| w[0].severity <= w[1].severity));
}

#[test]
fn reasons_are_classified_on_a_fixed_set() {
    assert_eq!(classify_reason(None), Reason::Blank);
    assert_eq!(classify_reason(Some(" - ")), Reason::Blank);
    assert_eq!(classify_reason(Some("无偏差。")), Reason::NoDeviation);
    assert_eq!(classify_reason(Some(" 无 ")), Reason::NoDeviation);
    assert_eq!(classify_reason(Some("没有偏差")), Reason::NoDeviation);
    assert_eq!(
        classify_reason(Some("无法按期完成，下年度加强管理")),
        Reason::Given
    );
    assert_eq!(
        classify_reason(Some("因疫情影响，业务量未达预期")),
        Reason::Given
    );
}

#[test]
fn printed_rate_stands_for_rounded_or_cut_values() {
    let r = printed_rate_range(d("99.83")).unwrap();
    assert!(r.contains(d("99.8389")));
    assert!(r.contains(d("99.825")));
    assert!(!r.contains(d("99.8200")));
    assert!(!r.contains(d("99.8401")));
}

#[test]
fn show_rounds_half_away_from_zero() {
    assert_eq!(show(d("9.995")), "10.00");
    assert_eq!(show(d("7.7777")), "7.78");
    assert_eq!(show(d("10")), "10.00");
}
