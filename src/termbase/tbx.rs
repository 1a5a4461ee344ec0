//! TBX termbases (ISO 30042): TBX 2008 and TBX-Basic (`termEntry`,
//! `langSet`, `tig`/`ntig`) and TBX v3 (`conceptEntry`, `langSec`,
//! `termSec`). English terms of an entry call for its Arabic terms; an
//! Arabic term whose administrative status is deprecated or superseded is
//! one to avoid. Entries without both languages are skipped: termbases are
//! usually multilingual.

use super::{GlossaryEntry, TermbaseError};
use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// A term being read, with what its container says about it.
#[derive(Default)]
struct Term {
    text: String,
    deprecated: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    English,
    Arabic,
    Other,
}

fn lang_of(e: &quick_xml::events::BytesStart) -> Lang {
    let lang = e
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"lang")
        .and_then(|a| a.unescape_value().ok().map(|v| v.to_ascii_lowercase()))
        .unwrap_or_default();
    let primary = lang.split(['-', '_']).next().unwrap_or_default();
    match primary {
        "en" => Lang::English,
        "ar" => Lang::Arabic,
        _ => Lang::Other,
    }
}

fn is_status(e: &quick_xml::events::BytesStart) -> bool {
    e.attributes().flatten().any(|a| {
        a.key.local_name().as_ref() == b"type"
            && matches!(a.value.as_ref(), b"administrativeStatus" | b"normativeAuthorization")
    })
}

pub fn parse(text: &str) -> Result<Vec<GlossaryEntry>, TermbaseError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut entries = Vec::new();
    let mut entry: Option<GlossaryEntry> = None;
    let mut lang = Lang::Other;
    let mut term: Option<Term> = None;
    // Inside `<term>`, and inside a status note.
    let mut in_term = 0usize;
    let mut in_status = false;
    let mut status = String::new();
    let mut saw_root = false;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| TermbaseError::new(Some(reader.error_position() as usize), format!("malformed XML: {e}")))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"martif" | b"tbx" => saw_root = true,
                b"termEntry" | b"conceptEntry" => {
                    entry = Some(GlossaryEntry {
                        english: Vec::new(),
                        arabic: Vec::new(),
                        avoid: Vec::new(),
                        at: before,
                    });
                }
                b"langSet" | b"langSec" => lang = lang_of(&e),
                b"tig" | b"ntig" | b"termSec" => term = Some(Term::default()),
                b"term" if term.is_some() => in_term += 1,
                b"termNote" if is_status(&e) => {
                    in_status = true;
                    status.clear();
                }
                _ if in_term > 0 => in_term += 1,
                _ => {}
            },
            Event::Text(t) if in_term > 0 || in_status => {
                let decoded = t
                    .decode()
                    .map_err(|e| TermbaseError::new(Some(before), format!("unreadable text: {e}")))?;
                if in_status {
                    status.push_str(&decoded);
                } else if let Some(term) = term.as_mut() {
                    term.text.push_str(&decoded);
                }
            }
            Event::CData(t) if in_term > 0 => {
                if let Some(term) = term.as_mut() {
                    term.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) if in_term > 0 || in_status => {
                let c = match &*r {
                    b"amp" => Some('&'),
                    b"lt" => Some('<'),
                    b"gt" => Some('>'),
                    b"quot" => Some('"'),
                    b"apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                if let Some(c) = c {
                    if in_status {
                        status.push(c);
                    } else if let Some(term) = term.as_mut() {
                        term.text.push(c);
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"termNote" if in_status => {
                    in_status = false;
                    let s = status.trim().to_ascii_lowercase();
                    if let Some(term) = term.as_mut() {
                        term.deprecated = s.starts_with("deprecated") || s.starts_with("superseded");
                    }
                }
                b"term" if in_term == 1 => in_term = 0,
                _ if in_term > 1 => in_term -= 1,
                b"tig" | b"ntig" | b"termSec" => {
                    if let (Some(t), Some(entry)) = (term.take(), entry.as_mut()) {
                        let written = t.text.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !written.is_empty() {
                            match (lang, t.deprecated) {
                                (Lang::English, false) => entry.english.push(written),
                                (Lang::Arabic, false) => entry.arabic.push(written),
                                (Lang::Arabic, true) => entry.avoid.push(written),
                                _ => {}
                            }
                        }
                    }
                }
                b"langSet" | b"langSec" => lang = Lang::Other,
                b"termEntry" | b"conceptEntry" => {
                    if let Some(e) = entry.take()
                        && !e.english.is_empty()
                        && !e.arabic.is_empty()
                    {
                        entries.push(e);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err(TermbaseError::new(
            None,
            "not a TBX file: no <martif> or <tbx> root element",
        ));
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TBX_BASIC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en">
<text><body>
<termEntry id="c1">
  <langSet xml:lang="en"><tig><term>sleeper cells</term></tig></langSet>
  <langSet xml:lang="ar-SA">
    <tig><term>خلايا نائمة</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>زنازين نائمة</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  </langSet>
</termEntry>
<termEntry id="c2">
  <langSet xml:lang="en"><tig><term>AT&amp;T</term></tig></langSet>
  <langSet xml:lang="fr"><tig><term>AT&amp;T</term></tig></langSet>
</termEntry>
</body></text></martif>
"#;

    #[test]
    fn tbx_basic_with_statuses() {
        let entries = parse(TBX_BASIC).unwrap();
        assert_eq!(entries.len(), 1, "an entry without Arabic is skipped");
        assert_eq!(entries[0].english, ["sleeper cells"]);
        assert_eq!(entries[0].arabic, ["خلايا نائمة"]);
        assert_eq!(entries[0].avoid, ["زنازين نائمة"]);
        assert!(TBX_BASIC[entries[0].at..].starts_with("<termEntry id=\"c1\">"));
    }

    #[test]
    fn tbx_v3_concept_entries() {
        let text = r#"<tbx type="TBX-Core" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<text><body><conceptEntry id="1">
<langSec xml:lang="en"><termSec><term>ceasefire</term></termSec><termSec><term>cease-fire</term></termSec></langSec>
<langSec xml:lang="ar"><termSec><term>وقف <hi>إطلاق</hi> النار</term></termSec></langSec>
</conceptEntry></body></text></tbx>"#;
        let entries = parse(text).unwrap();
        assert_eq!(entries[0].english, ["ceasefire", "cease-fire"]);
        assert_eq!(
            entries[0].arabic,
            ["وقف إطلاق النار"],
            "inline markup inside a term is its text"
        );
    }

    #[test]
    fn malformed_and_foreign_files_are_errors() {
        let text = "<martif><text><body>\n<termEntry><langSet></termEntry>";
        let err = parse(text).unwrap_err();
        assert!(err.message.starts_with("malformed XML"), "{}", err.message);
        assert!(err.at.is_some());
        let err = parse("<html><body/></html>").unwrap_err();
        assert!(err.message.contains("not a TBX file"), "{}", err.message);
    }
}
