//! Real forms spell their labels many ways. Each spelling below, put into a copy of a real
//! form (the Songjiang 2021 sample, a tab-separated grid) in place of the one it prints, must
//! read to exactly the same model: every label is found by the vocabulary, not by one
//! spelling.

mod common;

use std::path::Path;

const SAMPLE: &str = "samples/shanghai-songjiang-admin-service-2021.txt";

#[test]
fn other_spellings_of_the_labels_read_to_the_same_forms() {
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let want = common::json_without_source(&common::forms_in_file(Path::new(SAMPLE)));
    assert_eq!(want.len(), 5);
    let dir = tempfile::tempdir().unwrap();
    for (printed, other) in [
        ("主管部门\t", "主管单位\t"),
        ("主管部门\t", "主管部门（单位）\t"),
        ("实施单位\t", "项目实施单位\t"),
        ("实施单位\t", "实施单位名称\t"),
        ("项目名称\t", "项目名称：\t"),
        ("项目资金 (元)", "项目资金（元）"),
        ("年初预算数", "年初预算"),
        ("全年预算数", "全年预算数(A)"),
        ("全年执行数", "全年执行数(B)"),
        ("\t执行率\t", "\t执行率(B/A)\t"),
        ("年度资金总额", "资金总额"),
        ("年度资金总额", "年度资金总额(元)"),
        ("其中：当年财政拨款", "其中:财政拨款"),
        ("其中：当年财政拨款", "其中：财政拨款资金"),
        ("上年结转资金", "上年结转结余资金"),
        ("上年结转资金", "上年结余结转资金"),
        ("其他资金", "其他来源资金"),
        ("预算目标", "年度预期目标"),
        ("实际完成情况", "全年实际完成情况"),
        ("实际完成情况", "年度目标实际完成情况"),
        ("年度 总体 目标", "年度总体绩效目标"),
        ("一级指标", "一级 指标"),
        ("三级指标", "三级指标名称"),
        ("年度 指标值", "年度目标值"),
        ("实际 完成值", "全年实际完成值"),
        ("\t分值\t得分\t偏差", "\t权重\t得分\t偏差"),
        ("\t得分\t偏差", "\t自评得分\t偏差"),
        ("偏差原因分析及 改进措施", "未完成原因分析及改进措施"),
        ("总分\t", "合计\t"),
        ("(2021 年度)", "（2021年度）"),
    ] {
        assert!(text.contains(printed), "{printed}");
        let path = dir.path().join("copy.txt");
        std::fs::write(&path, text.replace(printed, other)).unwrap();
        let got = common::json_without_source(&common::forms_in_file(&path));
        assert_eq!(got, want, "{printed:?} spelt {other:?}");
    }
}
