//! A reader that stops at a bound: content.xml is read through it, so a zip whose declared
//! sizes lie still cannot unpack past the limits.

use std::fmt;
use std::io::{self, Read};

/// Which bound content.xml ran past; also the io error `Capped` raises.
#[derive(Debug, Clone, Copy)]
pub(super) enum Over {
    Size(u64),
    Ratio(u64),
}

impl fmt::Display for Over {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Over::Size(n) => write!(
                f,
                "ODS 表格过大：content.xml 解压后超过 {} MB (ODS spreadsheet too large: content.xml unpacks to more than {} MB)",
                n >> 20,
                n >> 20
            ),
            Over::Ratio(r) => write!(
                f,
                "ODS 表格压缩比异常：content.xml 解压后超过压缩大小的 {r} 倍 (ODS spreadsheet has an absurd compression ratio: content.xml unpacks to more than {r} times its packed size)"
            ),
        }
    }
}

impl std::error::Error for Over {}

/// A reader that fails once more than `left` bytes come out: the zip's declared sizes can lie,
/// the bytes read cannot.
pub(super) struct Capped<R> {
    pub(super) inner: R,
    pub(super) left: u64,
    pub(super) over: Over,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.left == 0 {
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(self.over)),
            };
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(buf.get_mut(..want).unwrap_or_default())?;
        self.left = self.left.saturating_sub(n as u64);
        Ok(n)
    }
}
