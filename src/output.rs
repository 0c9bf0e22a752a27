//! Writing files so that nothing is ever half-written: the bytes go to a
//! temporary file in the same directory, which is then renamed into place
//! (a rename within a directory is atomic), so a reader sees the old file or
//! the new one, never a torn one.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Whether a write may replace a file that is already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Replace it (the user passed `--force`, or it is our own resume file).
    Replace,
    /// Refuse: the write fails with [`Error::Exists`] and the file is untouched.
    Keep,
}

/// A file being written: bytes go to a temporary file beside `path`, which
/// [`AtomicFile::commit`] moves into place. Dropped without a commit (an
/// error, an interruption), it removes the temporary file and leaves
/// whatever was at `path` untouched.
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    temp: PathBuf,
    file: Option<BufWriter<File>>,
    existing: Existing,
}

impl AtomicFile {
    /// Starts writing `path`. With [`Existing::Keep`] it refuses at once if
    /// `path` is taken, so no work is done for a file that cannot be written.
    pub fn create(path: &Path, existing: Existing) -> Result<Self, Error> {
        if existing == Existing::Keep && path.exists() {
            return Err(Error::Exists {
                name: path.display().to_string(),
            });
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let file_name = path
            .file_name()
            .ok_or_else(|| write_error(path, std::io::Error::other("not a file path")))?;
        let temp = dir.join(format!(
            ".{}.{}.tmp",
            file_name.to_string_lossy(),
            std::process::id()
        ));
        let file = File::create(&temp).map_err(|e| write_error(path, e))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp,
            file: Some(BufWriter::new(file)),
            existing,
        })
    }

    /// Flushes, syncs and moves the file into place. With [`Existing::Keep`]
    /// the last step is a hard link, which fails if the name was taken in the
    /// meantime, so a file that appeared during the run is still not replaced.
    pub fn commit(mut self) -> Result<(), Error> {
        let path = self.path.clone();
        let placed = self
            .file
            .take()
            .map_or(Ok(()), |file| {
                let file = file.into_inner().map_err(|e| e.into_error())?;
                file.sync_all()
            })
            .and_then(|()| match self.existing {
                Existing::Replace => std::fs::rename(&self.temp, &path),
                Existing::Keep => std::fs::hard_link(&self.temp, &path),
            });
        match placed {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::Exists {
                name: path.display().to_string(),
            }),
            Err(e) => Err(write_error(&path, e)),
        }
        // Drop removes the temporary name (after a hard link, the file lives
        // on under `path`; after a rename, there is nothing left to remove).
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(file) => file.write(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().map_or(Ok(()), Write::flush)
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        self.file = None;
        let _ = std::fs::remove_file(&self.temp);
    }
}

fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write {
        name: path.display().to_string(),
        source,
    }
}

/// Writes `bytes` to `path` atomically (see [`AtomicFile`]).
pub fn write_atomic(path: &Path, bytes: &[u8], existing: Existing) -> Result<(), Error> {
    let mut file = AtomicFile::create(path, existing)?;
    file.write_all(bytes).map_err(|e| write_error(path, e))?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_whole_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("pmlevel-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("answers.json");
        write_atomic(&path, b"old", Existing::Keep).unwrap();
        write_atomic(&path, b"new", Existing::Replace).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        let missing = dir.join("no/such/dir/answers.json");
        assert!(write_atomic(&missing, b"x", Existing::Replace).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn keeps_an_existing_file_unless_told_to_replace_it() {
        let dir = std::env::temp_dir().join(format!("pmlevel-keep-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("answers.json");
        std::fs::write(&path, b"keep me").unwrap();
        let refused = write_atomic(&path, b"new", Existing::Keep).unwrap_err();
        assert!(matches!(refused, Error::Exists { .. }), "{refused}");
        assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_abandoned_file_leaves_the_old_one_and_no_temporary() {
        let dir = std::env::temp_dir().join(format!("pmlevel-abandon-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("report.html");
        std::fs::write(&path, b"old").unwrap();
        let mut file = AtomicFile::create(&path, Existing::Replace).unwrap();
        file.write_all(b"half a rep").unwrap();
        drop(file);
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
