//! Annotation appearances: a filled-in PDF form shows its field values in widget
//! annotations' appearance streams, not in the page content, so they are drawn too.

use super::content::{Interp, PageOut, Stop, deref, matrix_of, num};
use super::paths::{M, apply, mul};
use lopdf::{Dictionary, Document, Object};

impl<'a> Interp<'a> {
    /// Draws the appearance streams of visible annotations (filled-in form fields).
    pub(super) fn annotations(
        &mut self,
        page: &'a Dictionary,
        base: M,
        out: &mut PageOut,
    ) -> Result<(), Stop> {
        let doc = self.doc;
        let Some(annots) = page
            .get(b"Annots")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
        else {
            return Ok(());
        };
        for annot in annots.iter().take(10_000) {
            let Some(a) = deref(doc, annot).and_then(|o| o.as_dict().ok()) else {
                continue;
            };
            let subtype = a
                .get(b"Subtype")
                .ok()
                .and_then(|o| o.as_name().ok())
                .unwrap_or(b"");
            let flags = a.get(b"F").ok().and_then(num).unwrap_or(0.0) as i64;
            if matches!(subtype, b"Link" | b"Popup") || flags & 2 != 0 || flags & 32 != 0 {
                continue;
            }
            let normal = a
                .get(b"AP")
                .ok()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok())
                .and_then(|ap| ap.get(b"N").ok());
            // /N is a stream, or a dictionary of states chosen by /AS.
            let normal = match normal.and_then(|o| deref(doc, o)) {
                Some(Object::Dictionary(states)) => a
                    .get(b"AS")
                    .ok()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|s| states.get(s).ok()),
                _ => normal,
            };
            let rect = numbers(doc, a, b"Rect");
            if let (Some(normal), [rx0, ry0, rx1, ry1]) = (normal, rect.as_slice()) {
                let Some(form) = deref(doc, normal).and_then(|o| o.as_stream().ok()) else {
                    continue;
                };
                let bbox = numbers(doc, &form.dict, b"BBox");
                let matrix = matrix_of(doc, &form.dict);
                let [bx0, by0, bx1, by1] = bbox.as_slice() else {
                    continue;
                };
                // Fit the transformed BBox onto the annotation's Rect (PDF 12.5.5).
                let corners = [(*bx0, *by0), (*bx1, *by0), (*bx0, *by1), (*bx1, *by1)]
                    .map(|(x, y)| apply(&matrix, x, y));
                let (tx0, tx1) = corners.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
                    (lo.min(p.0), hi.max(p.0))
                });
                let (ty0, ty1) = corners.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
                    (lo.min(p.1), hi.max(p.1))
                });
                let (w, h) = (tx1 - tx0, ty1 - ty0);
                if w.abs() < 1e-9 || h.abs() < 1e-9 {
                    continue;
                }
                let (sx, sy) = ((rx1 - rx0).abs() / w, (ry1 - ry0).abs() / h);
                let fit: M = [
                    sx,
                    0.0,
                    0.0,
                    sy,
                    rx0.min(*rx1) - tx0 * sx,
                    ry0.min(*ry1) - ty0 * sy,
                ];
                let id = normal.as_reference().ok();
                self.form(form, id, mul(&fit, &base), None, 0, &mut Vec::new(), out)?;
            }
        }
        Ok(())
    }
}

/// The numbers of the array under `key` (a `Rect`, a `BBox`); empty when it is not one.
fn numbers(doc: &Document, dict: &Dictionary, key: &[u8]) -> Vec<f64> {
    dict.get(key)
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
        .map(|v| {
            v.iter()
                .filter_map(|o| deref(doc, o).and_then(num))
                .collect()
        })
        .unwrap_or_default()
}
