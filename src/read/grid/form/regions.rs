//! The form finder on the layout families of other regions (DOMAIN.md, "Other regions"), each
//! as a small grid of its own written from the family's description: every field found by
//! its label, a column the form lacks left empty and nothing shifted.

use super::*;

fn text_grid(text: &str) -> Vec<Row> {
    text.lines()
        .enumerate()
        .map(|(i, line)| Row {
            place: Place::Line(i + 1),
            cells: line.split('|').map(|c| c.to_string()).collect(),
        })
        .collect()
}

fn one(rows: &[Row]) -> Report {
    let forms = read_forms("f.txt", rows);
    assert_eq!(forms.len(), 1, "{forms:?}");
    forms.into_iter().next().unwrap().unwrap()
}

fn d(s: &str) -> Option<Decimal> {
    Some(s.parse().unwrap())
}

/// Sichuan 2023: title and year on one line under a 报表编号 line, 项目基本情况 with goals as
/// rows, 预算执行情况(10分) with 年初预算 / 调整后预算数 / 预算执行数 / 预算执行率 / 权重 / 得分 /
/// 原因, rows 总额 / 其中:财政资金 / 财政专户管理资金 / 单位资金 / 其他资金, 绩效指标(90分) with
/// 指标性质 / 指标值 / 度量单位 / 完成值 / 权重 / 得分 / 未完成原因分析, total 合计, and the
/// blocks 评价结论, 存在问题, 改进措施, 项目负责人 / 财务负责人.
const SICHUAN_2023: &str = "\
报表编号：SC-01||||||||||
部门预算项目支出绩效自评表(2023年度)||||||||||
项目名称|乡村道路养护|||||||||
主管部门|某县交通运输局|||实施单位|某县公路事务中心|||||
项目基本情况|项目年度目标|完成道路养护120公里|||||||||
|年度目标完成情况|完成道路养护118公里|||||||||
预算执行情况(万元)(10分)||年初预算|调整后预算数|预算执行数|预算执行率|权重|得分|原因|||
|总额|100|120|114|95%|10|9.5|部分工程跨年结算|||
|其中:财政资金|80|100|96|96%||||||
|财政专户管理资金|10|10|8|80%||||||
|单位资金|10|10|10|100%||||||
|其他资金|0|0|0|||||||
绩效指标(90分)|一级指标|二级指标|三级指标|指标性质|指标值|度量单位|完成值|权重|得分|未完成原因分析
|产出指标(50分)|数量指标|养护里程|≥|120|公里|118|30|29.5|两段道路冬季停工
||时效指标|完工及时率|=|100|%|100|20|20|
|效益指标(30分)|社会效益指标|通行条件改善|定性|明显||明显|30|30|
|满意度指标(10分)|服务对象满意度指标|群众满意度|≥|90|%|95|10|10|
合计|||||||||99|
评价结论|项目完成较好。|||||||||
存在问题|个别路段进度滞后。|||||||||
改进措施|加强进度管理。|||||||||
项目负责人：张三||||财务负责人：李四||||||
";

#[test]
fn sichuan_2023_family() {
    let r = one(&text_grid(SICHUAN_2023));
    assert_eq!(r.title, "部门预算项目支出绩效自评表");
    assert_eq!(r.year, Some(2023));
    assert_eq!(r.project, "乡村道路养护");
    assert_eq!(r.implementing_unit, "某县公路事务中心");
    assert_eq!(r.money_unit, "万元");
    assert_eq!(r.goals.expected.as_deref(), Some("完成道路养护120公里"));
    assert_eq!(r.goals.actual.as_deref(), Some("完成道路养护118公里"));
    let t = &r.funds.total;
    assert_eq!(
        (
            t.initial_budget,
            t.annual_budget,
            t.executed,
            t.execution_rate,
            t.weight,
            t.score
        ),
        (d("100"), d("120"), d("114"), d("95"), d("10"), d("9.5"))
    );
    assert_eq!(r.funds.appropriation.executed, d("96"));
    let extra: Vec<(&str, Option<Decimal>)> = r
        .extra_funds
        .iter()
        .map(|e| (e.label.as_str(), e.row.executed))
        .collect();
    assert_eq!(extra, [("财政专户管理资金", d("8")), ("单位资金", d("10"))]);
    assert_eq!(r.indicators.len(), 4);
    let first = &r.indicators[0];
    assert_eq!(
        (
            first.level1.as_str(),
            first.level2.as_str(),
            first.name.as_str()
        ),
        ("产出指标", "数量指标", "养护里程")
    );
    assert_eq!(first.target.as_deref(), Some("≥120公里"));
    assert_eq!(first.actual.as_deref(), Some("118"));
    assert_eq!((first.weight, first.score), (d("30"), d("29.5")));
    assert_eq!(first.deviation.as_deref(), Some("两段道路冬季停工"));
    assert_eq!(r.indicators[1].target.as_deref(), Some("=100%"));
    assert_eq!(r.indicators[2].target.as_deref(), Some("定性明显"));
    assert_eq!(r.indicators[3].level2, "服务对象满意度指标");
    assert_eq!((r.total.weight, r.total.score), (None, d("99")));
    assert!(!r.incomplete);
    assert_eq!(r.grade, None);
    let texts: Vec<(&str, Option<&str>)> = r
        .texts
        .iter()
        .map(|t| (t.label.as_str(), t.text.as_deref()))
        .collect();
    assert_eq!(
        texts,
        [
            ("报表编号", Some("SC-01")),
            ("总额原因", Some("部分工程跨年结算")),
            ("评价结论", Some("项目完成较好。")),
            ("存在问题", Some("个别路段进度滞后。")),
            ("改进措施", Some("加强进度管理。")),
            ("项目负责人", Some("张三")),
            ("财务负责人", Some("李四")),
        ]
    );
    let points: Vec<(&str, Option<Decimal>)> = r
        .points
        .iter()
        .map(|p| (p.label.as_str(), Some(p.points)))
        .collect();
    assert_eq!(
        points,
        [
            ("预算执行情况", d("10")),
            ("绩效指标", d("90")),
            ("产出指标", d("50")),
            ("效益指标", d("30")),
            ("满意度指标", d("10")),
        ]
    );
    assert!(r.unplaced.is_empty(), "{:?}", r.unplaced);
}

/// Sichuan county 2022: 绩效目标自评表, 资金情况(万元) without 年初预算数, 分值 before
/// 年度指标值, actual column 全年实际值, level-1 labels with points.
const SICHUAN_COUNTY_2022: &str = "\
绩效目标自评表|||||||
（2022年度）|||||||
项目名称|农村饮水安全|||||||
主管部门|某县水务局|||实施单位|某县供水站|||
资金情况(万元)||全年预算数|全年执行数|分值|执行率|得分|
|年度资金总额|50|45|10|90%|9|
一级指标|二级指标|三级指标|分值|年度指标值|全年实际值|得分|偏差原因分析及改进措施
产出指标(50分)|数量指标|新建水厂|25|2座|2座|25|
|质量指标|水质达标率|25|100%|98%|24|检测点位个别超标
效益指标(50分)|社会效益指标|受益人口|50|5000人|5200人|50|
总分|100||||||
";

#[test]
fn sichuan_county_2022_family() {
    let r = one(&text_grid(SICHUAN_COUNTY_2022));
    assert_eq!(r.title, "绩效目标自评表");
    assert_eq!(r.year, Some(2022));
    let t = &r.funds.total;
    assert_eq!(
        (
            t.initial_budget,
            t.annual_budget,
            t.executed,
            t.weight,
            t.execution_rate,
            t.score
        ),
        (None, d("50"), d("45"), d("10"), d("90"), d("9"))
    );
    assert_eq!(r.indicators.len(), 3);
    let q = &r.indicators[1];
    assert_eq!(
        (q.level1.as_str(), q.level2.as_str(), q.name.as_str()),
        ("产出指标", "质量指标", "水质达标率")
    );
    assert_eq!(
        (q.target.as_deref(), q.actual.as_deref()),
        (Some("100%"), Some("98%"))
    );
    assert_eq!((q.weight, q.score), (d("25"), d("24")));
    assert_eq!(q.deviation.as_deref(), Some("检测点位个别超标"));
    // 总分 prints 100 under 分值 (the form's own arithmetic is check's business).
    assert_eq!((r.total.weight, r.total.score), (d("100"), None));
    assert!(r.unplaced.is_empty(), "{:?}", r.unplaced);
}

#[test]
fn points_printed_without_fen_after_a_category() {
    // `效益指标(50)`: the 分 left out; the points are still the category's, and its rows
    // are still 效益指标's.
    let grid = SICHUAN_COUNTY_2022.replace("效益指标(50分)", "效益指标(50)");
    let r = one(&text_grid(&grid));
    assert_eq!(r.indicators.len(), 3);
    assert_eq!(r.indicators[2].level1, "效益指标");
    assert_eq!(r.indicators[2].name, "受益人口");
    let points: Vec<(&str, Option<Decimal>)> = r
        .points
        .iter()
        .map(|p| (p.label.as_str(), Some(p.points)))
        .collect();
    assert_eq!(points, [("产出指标", d("50")), ("效益指标", d("50"))]);
    assert!(r.unplaced.is_empty(), "{:?}", r.unplaced);
}

/// Hunan county 2020: `<year>县级专项资金绩效目标自评表`, 专项资金名称, 县级主管部门, funds
/// sub-row 中央、省、市补助县级资金, actual column 全年完成值, no 分值/得分 and no 总分.
const HUNAN_2020: &str = "\
2020年度县级专项资金绩效目标自评表||||||
专项资金名称|农业产业发展专项||||||
县级主管部门|某县农业农村局|||项目实施单位|某县农技中心|
资金情况(万元)||年初预算数|全年预算数|全年执行数|执行率|
|年度资金总额|200|200|180|90%|
|其中：中央、省、市补助县级资金|150|150|140|93.33%|
|其他资金|50|50|40|80%|
一级指标|二级指标|三级指标|年度指标值|全年完成值|||
产出指标|数量指标|示范基地|3个|3个|||
|时效指标|完成时间|2020年12月底前|2020年11月|||
满意度指标|服务对象满意度指标|农户满意度|≥90%|95%|||
";

#[test]
fn hunan_2020_target_self_evaluation() {
    let r = one(&text_grid(HUNAN_2020));
    assert_eq!(r.title, "县级专项资金绩效目标自评表");
    assert_eq!(r.year, Some(2020));
    assert_eq!(r.project, "农业产业发展专项");
    assert_eq!(r.department, "某县农业农村局");
    assert_eq!(r.implementing_unit, "某县农技中心");
    assert_eq!(r.funds.appropriation.executed, d("140"));
    assert_eq!(r.funds.other.execution_rate, d("80"));
    assert_eq!(r.indicators.len(), 3);
    assert!(
        r.indicators
            .iter()
            .all(|i| i.weight.is_none() && i.score.is_none())
    );
    assert_eq!(r.indicators[1].target.as_deref(), Some("2020年12月底前"));
    assert_eq!(r.indicators[1].actual.as_deref(), Some("2020年11月"));
    // No scoring columns, so no total to wait for: complete, total and grade null.
    assert!(!r.incomplete);
    assert_eq!(
        (r.total.weight, r.total.score, &r.grade),
        (None, None, &None)
    );
    assert!(r.unplaced.is_empty(), "{:?}", r.unplaced);
}

/// A title without a form: only a title and a year, nothing else, is an error naming it.
#[test]
fn a_form_with_nothing_in_it_is_an_error() {
    let forms = read_forms(
        "f.txt",
        &text_grid("项目支出绩效自评表\n（2022年度）\n项目名称|x\n"),
    );
    assert_eq!(forms.len(), 1);
    let e = forms[0].as_ref().unwrap_err();
    assert_eq!(e.at.as_deref(), Some("line 1"));
    assert!(e.message.contains("自评表是空的"), "{e}");
}
