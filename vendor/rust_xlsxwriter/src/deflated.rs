// selfeval's patch: the worksheets' parts deflated by one compressor per pool thread, each
// into a zip of its own part for `ZipWriter::merge_archive()`.
//
// Building a compressor costs more than deflating a small sheet: zip builds one for every
// part it starts (its allocation, and the zeroing of its tables). A workbook of 2,000
// small sheets spent a sixth of its instructions there. One compressor per thread, reset
// between parts, makes the same deflate stream. zip has no way to take a part deflated by
// its caller, and a zip per thread copied with `raw_copy_file()` keeps its parts' data
// descriptor flags without their descriptors, which Info-ZIP's `unzip` refuses; so the
// one-part zip is written here, with the headers zip writes for the package's other parts.

use std::io;

use crc32fast::Hasher;
use flate2::{Compress, Compression, FlushCompress, Status};

use crate::XlsxError;

// A raw deflate compressor kept from part to part.
pub(crate) struct PartDeflater {
    compress: Compress,
}

impl PartDeflater {
    // A compressor at `level` (0-9).
    pub(crate) fn new(level: u8) -> PartDeflater {
        PartDeflater {
            compress: Compress::new(Compression::new(u32::from(level.min(9))), false),
        }
    }

    // `xml` deflated from a fresh state onto `out`, finished.
    fn deflate(&mut self, mut xml: &[u8], out: &mut Vec<u8>) -> Result<(), XlsxError> {
        self.compress.reset();
        loop {
            if out.capacity() - out.len() < 64 {
                out.reserve(xml.len() / 4 + 1024);
            }
            let before = self.compress.total_in();
            let status = self
                .compress
                .compress_vec(xml, out, FlushCompress::Finish)
                .map_err(|e| XlsxError::IoError(io::Error::other(e)))?;
            let used = usize::try_from(self.compress.total_in() - before).unwrap_or(xml.len());
            xml = &xml[used..];
            if status == Status::StreamEnd {
                return Ok(());
            }
        }
    }

    // A zip holding one deflated part, `filename`, ready to be copied into the package by
    // `ZipWriter::merge_archive()`. Its headers are the ones zip writes for the package's
    // other parts (Unix, version 2.0, 1980-01-01, mode 0600), with the sizes in the local
    // header rather than in a data descriptor.
    pub(crate) fn zip_part(&mut self, filename: &str, xml: &[u8]) -> Result<Vec<u8>, XlsxError> {
        let name = filename.as_bytes();
        let head = 30 + name.len();
        let mut zip = Vec::with_capacity(head + xml.len() / 4 + 64 + 46 + name.len() + 22);
        zip.resize(head, 0);
        self.deflate(xml, &mut zip)?;
        let compressed = zip.len() - head;
        let (Ok(len), Ok(compressed), Ok(name_len)) = (
            u32::try_from(xml.len()),
            u32::try_from(compressed),
            u16::try_from(name.len()),
        ) else {
            return Err(XlsxError::IoError(io::Error::other(format!(
                "{filename}: a worksheet part over 4 GB"
            ))));
        };
        if len == u32::MAX || u32::try_from(zip.len()).is_err() {
            return Err(XlsxError::IoError(io::Error::other(format!(
                "{filename}: a worksheet part over 4 GB"
            ))));
        }
        let mut crc = Hasher::new();
        crc.update(xml);
        let crc = crc.finalize();

        // The fields the local header and the central directory's share, from "version
        // needed to extract" on.
        let mut common = Vec::with_capacity(26);
        common.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
        common.extend_from_slice(&0u16.to_le_bytes()); // flags: sizes in the header
        common.extend_from_slice(&8u16.to_le_bytes()); // deflated
        common.extend_from_slice(&0u16.to_le_bytes()); // time 00:00:00
        common.extend_from_slice(&0x21u16.to_le_bytes()); // date 1980-01-01
        common.extend_from_slice(&crc.to_le_bytes());
        common.extend_from_slice(&compressed.to_le_bytes());
        common.extend_from_slice(&len.to_le_bytes());
        common.extend_from_slice(&name_len.to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes()); // extra field length

        zip[..4].copy_from_slice(&0x0403_4b50u32.to_le_bytes());
        zip[4..30].copy_from_slice(&common);
        zip[30..head].copy_from_slice(name);

        let central_at = head as u32 + compressed; // under 4 GB: checked above
        zip.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        zip.extend_from_slice(&0x0314u16.to_le_bytes()); // made by: Unix, 2.0
        zip.extend_from_slice(&common);
        zip.extend_from_slice(&0u16.to_le_bytes()); // comment length
        zip.extend_from_slice(&0u16.to_le_bytes()); // disk number
        zip.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        zip.extend_from_slice(&(0o100_600u32 << 16).to_le_bytes()); // regular file, 0600
        zip.extend_from_slice(&0u32.to_le_bytes()); // local header at 0
        zip.extend_from_slice(name);
        let central_len = 46 + u32::from(name_len);

        zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        zip.extend_from_slice(&0u16.to_le_bytes()); // this disk
        zip.extend_from_slice(&0u16.to_le_bytes()); // the central directory's disk
        zip.extend_from_slice(&1u16.to_le_bytes()); // entries on this disk
        zip.extend_from_slice(&1u16.to_le_bytes()); // entries
        zip.extend_from_slice(&central_len.to_le_bytes());
        zip.extend_from_slice(&central_at.to_le_bytes());
        zip.extend_from_slice(&0u16.to_le_bytes()); // comment length
        Ok(zip)
    }
}
