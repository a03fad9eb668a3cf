//! Finding a panel's parts: the years in file and directory names, the
//! files of a directory, a zip archive's members ([`Reader::panel`],
//! [`Reader::panel_of`]).

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::Reader;
use super::panel::{Panel, PanelPart, Source, panel_error};
use crate::error::{Error, Result};

/// The year a file's name carries: four digits from 1950 to 2099 that
/// stand apart from other digits, the ones after a `Y` first (BACI's
/// `_Y2022_`, not the `202401` of a version); `None` for names without
/// one.
pub(super) fn year_in(name: &str) -> Option<i32> {
    let bytes = name.as_bytes();
    let mut found: Vec<(bool, i32)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes.get(i).is_some_and(u8::is_ascii_digit) {
            let start = i;
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i = i.saturating_add(1);
            }
            if i.saturating_sub(start) == 4
                && let Some(y) = name.get(start..i).and_then(|t| t.parse::<i32>().ok())
                && (1950..=2099).contains(&y)
            {
                let after_y = start
                    .checked_sub(1)
                    .and_then(|p| bytes.get(p))
                    .is_some_and(|b| b.eq_ignore_ascii_case(&b'y'));
                found.push((after_y, y));
            }
        } else {
            i = i.saturating_add(1);
        }
    }
    found
        .iter()
        .find(|(after_y, _)| *after_y)
        .or_else(|| found.first())
        .map(|(_, y)| *y)
}

/// The year of a Hive-style partition directory: `year=2024`, or named
/// by the year column itself (`t=2024`, `period=2024`, as engines name a
/// partition by the column they split on).
fn partition_year(name: &str) -> Option<i32> {
    let (key, value) = name.split_once('=')?;
    if !["year", "t", "period"]
        .iter()
        .any(|k| key.eq_ignore_ascii_case(k))
    {
        return None;
    }
    value.parse().ok()
}

/// A name the panel never reads.
fn hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

/// The files below `dir`, in name order, hidden ones left out.
fn files_below(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in sorted_entries(dir)? {
        let name = entry.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.as_deref().is_some_and(hidden) {
            continue;
        }
        // A link to a directory is not followed: it could lead back up.
        let link = std::fs::symlink_metadata(&entry).is_ok_and(|m| m.file_type().is_symlink());
        if entry.is_dir() {
            if !link {
                files_below(&entry, out)?;
            }
        } else {
            out.push(entry);
        }
    }
    Ok(())
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let io = |e: std::io::Error| Error::from(e).in_file(dir);
    let mut entries = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()).map_err(io))
        .collect::<Result<Vec<_>>>()?;
    entries.sort();
    Ok(entries)
}

pub(super) fn bytes_of(files: &[PathBuf]) -> u64 {
    files.iter().fold(0u64, |t, f| {
        t.saturating_add(std::fs::metadata(f).map_or(0, |m| m.len()))
    })
}

/// Keeps the parts whose names carry a year where some do (the others
/// left out), orders them, and refuses a year named twice.
fn choose_parts(
    mut parts: Vec<PanelPart>,
    left_out: &mut Vec<PathBuf>,
    root: &Path,
) -> Result<Vec<PanelPart>> {
    if parts.iter().any(|p| p.year.is_some()) {
        let (kept, out): (Vec<PanelPart>, Vec<PanelPart>) =
            parts.into_iter().partition(|p| p.year.is_some());
        left_out.extend(out.into_iter().map(|p| p.path));
        parts = kept;
    }
    parts.sort_by(|a, b| a.year.cmp(&b.year).then_with(|| a.path.cmp(&b.path)));
    for w in parts.windows(2) {
        if let [a, b] = w
            && a.year.is_some()
            && a.year == b.year
        {
            return Err(panel_error(
                format!(
                    "the year {} is named by two parts, {} and {}",
                    a.year.unwrap_or_default(),
                    a.path.display(),
                    b.path.display()
                ),
                "keep one file per year (or put a year's files in one year=YYYY directory)",
            )
            .in_file(root));
        }
    }
    if parts.is_empty() {
        return Err(panel_error(
            "nothing to read".into(),
            "a panel is a directory of yearly files, a zip archive of them, or year=YYYY partitions",
        )
        .in_file(root));
    }
    Ok(parts)
}

impl Reader {
    /// The panel at `path`: a directory (of yearly files or `year=YYYY`
    /// partitions), a zip archive of yearly members, or one file holding
    /// several years. See [`Panel`] for which files are read and how
    /// their years are found.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) when the directory cannot be listed;
    /// [`ErrorKind::Panel`](crate::ErrorKind::Panel) when two parts name the same year or nothing
    /// is left to read; for a zip archive, as [`Reader::zip_members`].
    pub fn panel(self, path: impl AsRef<Path>) -> Result<Panel> {
        let root = path.as_ref();
        let mut parts = Vec::new();
        let mut left_out = Vec::new();
        if root.is_dir() {
            for entry in sorted_entries(root)? {
                let name = entry
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if hidden(&name) {
                    continue;
                }
                if entry.is_dir() {
                    match partition_year(&name) {
                        Some(year) => {
                            let mut files = Vec::new();
                            files_below(&entry, &mut files)?;
                            parts.push(PanelPart {
                                size: bytes_of(&files),
                                path: entry,
                                year: Some(year),
                                source: Source::Partition(files),
                            });
                        }
                        None => left_out.push(entry),
                    }
                } else {
                    parts.push(PanelPart {
                        size: bytes_of(std::slice::from_ref(&entry)),
                        year: year_in(&name),
                        source: Source::Files(vec![entry.clone()]),
                        path: entry,
                    });
                }
            }
        } else if super::sniff_path(root)? == super::decode::Kind::Zip {
            parts = zip_parts(root)?;
        } else {
            parts.push(PanelPart {
                size: bytes_of(&[root.to_path_buf()]),
                year: None,
                source: Source::Files(vec![root.to_path_buf()]),
                path: root.to_path_buf(),
            });
        }
        let parts = choose_parts(parts, &mut left_out, root)?;
        Ok(self.into_panel(parts, left_out))
    }

    /// The panel of the files `paths`, each a part, none left out: in
    /// year order with each name's year checked against the data where
    /// every name carries a year; where some do not, in path order, with
    /// every year from the data alone.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Panel`](crate::ErrorKind::Panel) when two files name the same year or there
    /// are none.
    pub fn panel_of<P: AsRef<Path>>(self, paths: impl IntoIterator<Item = P>) -> Result<Panel> {
        let mut parts: Vec<PanelPart> = paths
            .into_iter()
            .map(|p| {
                let p = p.as_ref().to_path_buf();
                PanelPart {
                    size: bytes_of(std::slice::from_ref(&p)),
                    year: p.file_name().and_then(|n| year_in(&n.to_string_lossy())),
                    source: Source::Files(vec![p.clone()]),
                    path: p,
                }
            })
            .collect();
        // Every file given is read, year or not.
        if parts.iter().any(|p| p.year.is_some()) && parts.iter().any(|p| p.year.is_none()) {
            for p in &mut parts {
                p.year = None;
            }
        }
        let parts = choose_parts(parts, &mut Vec::new(), Path::new(""))?;
        Ok(self.into_panel(parts, Vec::new()))
    }

    fn into_panel(mut self, parts: Vec<PanelPart>, left_out: Vec<PathBuf>) -> Panel {
        let hook = self.hook.take().map(|h| Rc::new(RefCell::new(h)));
        Panel {
            reader: self,
            parts,
            left_out,
            hook,
        }
    }
}

#[cfg(feature = "compression")]
fn zip_parts(root: &Path) -> Result<Vec<PanelPart>> {
    Ok(Reader::zip_members(root)?
        .into_iter()
        .filter(|m| !m.name().rsplit('/').next().is_some_and(hidden))
        .map(|m| PanelPart {
            path: root.join(m.name()),
            year: m.year(),
            size: m.size(),
            source: Source::Member {
                archive: root.to_path_buf(),
                name: m.name().to_owned(),
            },
        })
        .collect())
}

#[cfg(not(feature = "compression"))]
fn zip_parts(root: &Path) -> Result<Vec<PanelPart>> {
    Err(super::zip_unsupported(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_names() {
        assert_eq!(year_in("BACI_HS92_Y1995_V202401.csv"), Some(1995));
        assert_eq!(year_in("comtrade_2024.csv.gz"), Some(2024));
        assert_eq!(year_in("hs2022_Y2019.csv"), Some(2019));
        assert_eq!(year_in("country_codes_V202401.csv"), None);
        assert_eq!(partition_year("year=2024"), Some(2024));
        assert_eq!(partition_year("Year=1995"), Some(1995));
        assert_eq!(partition_year("month=3"), None);
        assert_eq!(partition_year("year=abc"), None);
    }
}
