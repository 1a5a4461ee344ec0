//! Two-column glossaries: English, then the required Arabic rendering(s),
//! then optionally the renderings to avoid; several terms in a cell are
//! separated by `|` or `;`. A first row whose Arabic column has no Arabic
//! letter is a header; lines starting with `#` are comments.

use super::{GlossaryEntry, TermbaseError, alternatives};

pub fn parse(text: &str, delimiter: u8) -> Result<Vec<GlossaryEntry>, TermbaseError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut entries = Vec::new();
    // The first row that is not a comment may be a header.
    let mut header_row = 0;
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let at = e.position().map(|p| p.byte() as usize);
            TermbaseError::new(at, format!("unreadable row: {e}"))
        })?;
        let at = record.position().map_or(0, |p| p.byte() as usize);
        // Comments are skipped here rather than by the reader, whose
        // positions would then point at the comment before a row.
        if record.iter().all(str::is_empty) || record.get(0).is_some_and(|c| c.starts_with('#')) {
            if row == header_row {
                header_row += 1;
            }
            continue;
        }
        let cell = |i: usize| record.get(i).unwrap_or_default();
        let has_arabic = |s: &str| s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
        if row == header_row && !has_arabic(cell(1)) {
            continue;
        }
        let english = alternatives(cell(0));
        let arabic = alternatives(cell(1));
        if english.is_empty() || arabic.is_empty() {
            return Err(TermbaseError::new(
                Some(at),
                "a row needs an English term and its Arabic rendering (two columns)",
            ));
        }
        entries.push(GlossaryEntry {
            english,
            arabic,
            avoid: alternatives(cell(2)),
            at,
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_with_a_header_comments_and_alternatives() {
        let text = "english\tarabic\tavoid\n# security\nsleeper cells\tخلايا نائمة | خلية نائمة\tزنازين نائمة\n\n\"ceasefire\"\tوقف إطلاق النار\n";
        let entries = parse(text, b'\t').unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].english, ["sleeper cells"]);
        assert_eq!(entries[0].arabic, ["خلايا نائمة", "خلية نائمة"]);
        assert_eq!(entries[0].avoid, ["زنازين نائمة"]);
        assert_eq!(&text[entries[0].at..entries[0].at + 7], "sleeper");
        assert_eq!(entries[1].english, ["ceasefire"]);
        assert!(entries[1].avoid.is_empty());
    }

    #[test]
    fn csv_quotes_and_a_row_without_arabic() {
        let entries = parse("\"truce, formal\",هدنة\n", b',').unwrap();
        assert_eq!(entries[0].english, ["truce, formal"]);
        let text = "sleeper cells,خلايا نائمة\nceasefire\n";
        let err = parse(text, b',').unwrap_err();
        assert_eq!(err.at, Some(text.find("ceasefire").unwrap()));
        assert!(err.message.contains("two columns"), "{}", err.message);
    }
}
