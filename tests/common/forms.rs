//! Two forms built field by field for the workbook tests: a Minhang 2024 form with a grade and
//! 万元 amounts, a Songjiang 2021 form without a grade, in 元.

use rust_decimal::Decimal;
use selfeval::model::{Funds, FundsRow, Goals, Indicator, Report, Source, TITLE, Total, Unplaced};
use std::str::FromStr;

pub fn d(s: &str) -> Decimal {
    // Amounts as printed, thousands separators and all.
    Decimal::from_str(&s.replace(',', "")).unwrap()
}

pub fn row(
    initial: &str,
    annual: &str,
    executed: &str,
    weight: Option<&str>,
    rate: &str,
    score: Option<&str>,
) -> FundsRow {
    FundsRow {
        initial_budget: Some(d(initial)),
        annual_budget: Some(d(annual)),
        executed: Some(d(executed)),
        weight: weight.map(d),
        execution_rate: Some(d(rate)),
        score: score.map(d),
    }
}

#[allow(clippy::too_many_arguments)]
pub fn ind(
    level1: &str,
    level2: &str,
    name: &str,
    target: &str,
    actual: &str,
    weight: &str,
    score: &str,
    deviation: Option<&str>,
) -> Indicator {
    Indicator {
        level1: level1.into(),
        level2: level2.into(),
        name: name.into(),
        target: Some(target.into()),
        actual: Some(actual.into()),
        weight: Some(d(weight)),
        score: Some(d(score)),
        deviation: deviation.map(String::from),
    }
}

pub const EXPECTED_2024: &str = "第三方安全管理服务完成对全镇镇属107家企业的安全检查、人员安全培训、专项检查陪同、现场安全指导工作，每月提交月报，年末提交年报，落实安全责任，提出整改方案；开展非机动车安全整治项目，进一步减少电动车火灾的发生，最大限度地预防和降低伤害事故，提高居民安全意识和消防安全行为能力，确保全年无重大安全生产事故发生。";
pub const ACTUAL_2024: &str = "第三方安全管理服务已完成对全镇镇属107家企业的安全检查、人员安全培训、专项检查陪同、现场安全指导工作。每月按时提交月报，年末按时提交年报，落实安全责任，提出整改方案。开展了非机动车安全整治项目，进一步减少电动车火灾的发生，最大限度地预防和降低伤害事故，提高居民安全意识和消防安全行为能力。";
pub const REASON_2024: &str = "社区充换电柜、非机动车棚危棚改造及修复、非机动车棚加设灭火装置三个项目未付的尾款预算共计246,939.14元。\n其中社区充换电柜项目因实际情况调减工程量，扣除部分尾款。\n其他项目尾款未支付的情况均为预算预估差异，下一年度将加强预算编制的精准性。";

/// A 2024 form in 万元 as the PDF-text reader would produce it.
pub fn form_2024() -> Report {
    let l1 = "产出指标";
    Report {
        source: Source {
            file: "samples/town-2024.txt".into(),
            line: Some(1),
            sheet: None,
        },
        title: TITLE.into(),
        year: Some(2024),
        project: "交通、消防、安全社区建设".into(),
        department: "上海市闵行区七宝镇人民政府（汇总）".into(),
        implementing_unit: "上海市闵行区七宝镇城市运行管理中心".into(),
        money_unit: "万元".into(),
        funds: Funds {
            total: row(
                "2,139.22",
                "2,139.22",
                "2,060.00",
                Some("10.00"),
                "96.30",
                Some("9.63"),
            ),
            appropriation: row("2,139.22", "2,139.22", "2,060.00", None, "96.30", None),
            carried_over: row("0.00", "0.00", "0.00", None, "0.00", None),
            other: row("0.00", "0.00", "0.00", None, "0.00", None),
        },
        goals: Goals {
            expected: Some(EXPECTED_2024.into()),
            actual: Some(ACTUAL_2024.into()),
        },
        indicators: vec![
            ind(
                l1,
                "数量指标",
                "第三方服务完成率",
                "=100.00(%)",
                "100.00(%)",
                "8.00",
                "8.00",
                None,
            ),
            ind(
                l1,
                "数量指标",
                "尾款支付率",
                "=100(%)",
                "88.00(%)",
                "8.00",
                "7.55",
                Some(REASON_2024),
            ),
            ind(
                l1,
                "质量指标",
                "设备采购验收合格率",
                "+2.00(%)",
                "=100%",
                "8.00",
                "8.00",
                None,
            ),
            ind(
                l1,
                "时效指标",
                "尾款支付及时率",
                "@每季度",
                "及时",
                "6.00",
                "6.00",
                None,
            ),
            ind(
                "成本指标",
                "经济成本指标",
                "项目预算成本控制率",
                "-3.00(%)",
                "-3.20(%)",
                "10.00",
                "10.00",
                None,
            ),
            ind(
                "效益指标",
                "社会效益指标",
                "消防安全事故发生情况",
                "=0.00(起)",
                "0.00(起)",
                "20.00",
                "20.00",
                None,
            ),
            ind(
                "效益指标",
                "可持续影响指标",
                "长效管理机制健全性",
                "建立健全",
                "部分达成指标并具有一定效果",
                "10.00",
                "9.00",
                Some("无偏差"),
            ),
            ind(
                "满意度指标",
                "服务对象满意度指标",
                "群众满意度",
                "≥85.00(%)",
                "85.00(%)",
                "10.00",
                "10.00",
                None,
            ),
            ind(
                "满意度指标",
                "服务对象满意度指标",
                "主管部门满意度",
                "≥85.00(%)",
                "85.00(%)",
                "10.00",
                "10.00",
                None,
            ),
        ],
        total: Total {
            weight: Some(d("100.00")),
            score: Some(d("98.18")),
        },
        grade: Some("优".into()),
        unplaced: vec![Unplaced {
            at: "line 77".into(),
            text: "（盖章）".into(),
        }],
        extra_funds: Vec::new(),
        texts: Vec::new(),
        incomplete: false,
        points: Vec::new(),
    }
}

/// A 2021 form in 元 with no 评分等级 line, as the tab-separated reader would produce it.
pub fn form_2021() -> Report {
    let l1 = "产出指标";
    Report {
        source: Source {
            file: "samples/songjiang-2021.txt".into(),
            line: Some(3),
            sheet: None,
        },
        title: TITLE.into(),
        year: Some(2021),
        project: "深化“一网通办”专项费用".into(),
        department: "上海市松江区行政服务中心".into(),
        implementing_unit: "上海市松江区行政服务中心".into(),
        money_unit: "元".into(),
        funds: Funds {
            total: row(
                "8340000.00",
                "6261700.00",
                "6,261,700",
                Some("10"),
                "100.00",
                Some("10"),
            ),
            appropriation: row("8340000", "6261700", "6261700", None, "100.00", None),
            carried_over: FundsRow {
                initial_budget: Some(d("0")),
                annual_budget: Some(d("0")),
                ..Default::default()
            },
            other: FundsRow {
                initial_budget: Some(d("0")),
                annual_budget: Some(d("0")),
                ..Default::default()
            },
        },
        goals: Goals {
            expected: Some("1、深化“一网通办”改革工作，拓展公共服务事项接入。".into()),
            actual: Some("已完成。".into()),
        },
        indicators: vec![
            ind(
                l1,
                "数量指标",
                "项目计划完成率",
                "=100%",
                "=100%",
                "6",
                "6",
                None,
            ),
            ind(
                l1,
                "数量指标",
                "自助服务终端购置数",
                "=6台",
                "=6台",
                "7",
                "7",
                None,
            ),
            ind(
                l1,
                "质量指标",
                "系统正常运转率",
                "=100%",
                "=100%",
                "6",
                "6",
                None,
            ),
            ind(
                "效益指标",
                "社会效益指标",
                "系统重要信息丢失次数",
                "=0",
                "=0",
                "4",
                "4",
                None,
            ),
            ind(
                "满意度指标",
                "服务对象满意度指标",
                "使用者满意度",
                ">=90%",
                "≥90%",
                "10",
                "10",
                None,
            ),
        ],
        total: Total {
            weight: Some(d("100")),
            score: Some(d("100")),
        },
        grade: None,
        unplaced: vec![],
        extra_funds: Vec::new(),
        texts: Vec::new(),
        incomplete: false,
        points: Vec::new(),
    }
}
