//! The JSON of every sample form, reviewed by eye once and kept as a snapshot, so any change a
//! reader makes to the model of a real form shows up in review.

use selfeval::read::read_path;

#[test]
fn json_of_all_samples() {
    let mut files: Vec<_> = std::fs::read_dir("samples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let reports: Vec<_> = files
        .iter()
        .flat_map(|f| read_path(f))
        .map(|r| r.unwrap())
        .collect();
    insta::assert_json_snapshot!("samples", reports);
}
