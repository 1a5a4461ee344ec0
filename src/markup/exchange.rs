//! Translation exchange files: XLIFF 1.2 and 2.x (`.xlf`, `.xliff`) and TMX
//! 1.4 (`.tmx`). Each unit pairs an English source segment with its Arabic
//! target; both are byte ranges of the file, so findings point at the
//! target text inside the XML and the source side goes in `related`.
//!
//! Inline markup is not prose: tags are never part of a segment, and the
//! native code inside `<ph>`, `<bpt>`, `<ept>`, `<it>`, `<ut>` is skipped;
//! the text inside `<g>`, `<pc>`, `<mrk>`, `<hi>` is prose. Character
//! references and the five predefined entities are prose too: the prose
//! view writes the character they stand for (see `markup::decode_references`);
//! an entity declared in a DTD is blanked.

use quick_xml::events::Event;
use quick_xml::reader::Reader;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xliff,
    Tmx,
}

/// One translation unit (an XLIFF 2 segment, an XLIFF 1.2 trans-unit, a TMX
/// tu).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: String,
    /// Byte offset of the unit's start tag.
    pub at: usize,
    /// Prose runs of the source segment.
    pub source: Vec<Range<usize>>,
    /// Prose runs of the target segment; `None` when the unit has none.
    pub target: Option<Vec<Range<usize>>>,
    /// References inside the runs of either side (`&amp;`, `&#1575;`) and
    /// the character each stands for.
    pub references: Vec<(Range<usize>, char)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeError {
    pub offset: usize,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Source,
    Target,
}

/// Elements whose content is native code, not text.
fn is_code(name: &[u8]) -> bool {
    matches!(name, b"ph" | b"bpt" | b"ept" | b"it" | b"ut" | b"sub")
}

fn attribute(e: &quick_xml::events::BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// The units of an exchange file, in order.
pub fn parse(text: &str, format: Format) -> Result<Vec<Unit>, ExchangeError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut units: Vec<Unit> = Vec::new();
    let mut open: Option<Unit> = None;
    let mut side: Option<Side> = None;
    let mut side_depth = 0usize;
    let mut code_depth = 0usize;
    // TMX: the language of the current tuv, and the header's source language.
    let mut tuv_side: Option<Side> = None;
    let mut source_lang = String::from("en");
    let mut unit_count = 0usize;
    let mut parent_id: Option<String> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| ExchangeError {
            offset: reader.error_position() as usize,
            message: e.to_string(),
        })?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_vec();
                if side.is_some() {
                    side_depth += 1;
                    if code_depth > 0 || is_code(&name) {
                        code_depth += 1;
                    }
                    continue;
                }
                match (format, name.as_slice()) {
                    (Format::Tmx, b"header") => {
                        if let Some(lang) = attribute(&e, b"srclang") {
                            source_lang = lang.to_ascii_lowercase();
                        }
                    }
                    (Format::Xliff, b"trans-unit" | b"segment") | (Format::Tmx, b"tu") => {
                        unit_count += 1;
                        let id = attribute(&e, b"id")
                            .or_else(|| attribute(&e, b"tuid"))
                            .or_else(|| parent_id.as_ref().map(|p| format!("{p}#{unit_count}")))
                            .unwrap_or_else(|| unit_count.to_string());
                        open = Some(Unit {
                            id,
                            at: before,
                            source: Vec::new(),
                            target: None,
                            references: Vec::new(),
                        });
                    }
                    (Format::Xliff, b"unit") => {
                        // XLIFF 2: the unit's id names its segments.
                        parent_id = attribute(&e, b"id");
                        unit_count = 0;
                    }
                    (Format::Tmx, b"tuv") => {
                        let lang = attribute(&e, b"lang").unwrap_or_default().to_ascii_lowercase();
                        tuv_side = if lang.starts_with("ar") {
                            Some(Side::Target)
                        } else if lang.starts_with(&source_lang) || lang.starts_with("en") {
                            Some(Side::Source)
                        } else {
                            None
                        };
                    }
                    (Format::Xliff, b"source") if open.is_some() => side = Some(Side::Source),
                    (Format::Xliff, b"target") if open.is_some() => side = Some(Side::Target),
                    (Format::Tmx, b"seg") if open.is_some() => side = tuv_side,
                    _ => {}
                }
                if let (Some(s), Some(unit)) = (side, open.as_mut()) {
                    side_depth = 0;
                    code_depth = 0;
                    if s == Side::Target && unit.target.is_none() {
                        unit.target = Some(Vec::new());
                    }
                }
            }
            Event::End(e) => {
                if side.is_some() {
                    if side_depth == 0 {
                        side = None;
                    } else {
                        side_depth -= 1;
                        code_depth = code_depth.saturating_sub(1);
                    }
                    continue;
                }
                let name = e.local_name();
                match (format, name.as_ref()) {
                    (Format::Xliff, b"trans-unit" | b"segment") | (Format::Tmx, b"tu") => {
                        if let Some(unit) = open.take() {
                            units.push(unit);
                        }
                    }
                    (Format::Tmx, b"tuv") => tuv_side = None,
                    _ => {}
                }
            }
            Event::Text(_) | Event::CData(_) if code_depth == 0 => {
                if let (Some(s), Some(unit)) = (side, open.as_mut()) {
                    let run = if matches!(event, Event::CData(_)) {
                        // The text between `<![CDATA[` and `]]>`.
                        before + 9..after - 3
                    } else {
                        before..after
                    };
                    match s {
                        Side::Source => unit.source.push(run),
                        Side::Target => unit.target.get_or_insert_with(Vec::new).push(run),
                    }
                }
            }
            Event::GeneralRef(r) if code_depth == 0 => {
                if let (Some(s), Some(unit)) = (side, open.as_mut()) {
                    let named = match &*r {
                        b"amp" => Some('&'),
                        b"lt" => Some('<'),
                        b"gt" => Some('>'),
                        b"quot" => Some('"'),
                        b"apos" => Some('\''),
                        _ => None,
                    };
                    let decoded = named.or_else(|| r.resolve_char_ref().ok().flatten());
                    if let Some(c) = decoded {
                        unit.references.push((before..after, c));
                        match s {
                            Side::Source => unit.source.push(before..after),
                            Side::Target => unit.target.get_or_insert_with(Vec::new).push(before..after),
                        }
                    }
                }
            }
            Event::Empty(e) if side.is_none() && format == Format::Xliff => {
                // `<target/>`: a target that is empty.
                if e.local_name().as_ref() == b"target"
                    && let Some(unit) = open.as_mut()
                {
                    unit.target = Some(Vec::new());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(unit) = open {
        return Err(ExchangeError {
            offset: unit.at,
            message: format!("unit «{}» is not closed", unit.id),
        });
    }
    Ok(units)
}

/// Byte range covering a segment's runs.
pub fn covering(runs: &[Range<usize>]) -> Option<Range<usize>> {
    Some(runs.first()?.start..runs.last()?.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, runs: &[Range<usize>]) -> String {
        runs.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>().join("|")
    }

    #[test]
    fn xliff_1_2_with_inline_tags() {
        let text = r#"<?xml version="1.0"?>
<xliff version="1.2"><file source-language="en" target-language="ar"><body>
<trans-unit id="t1"><source>Killed <g id="1">120</g> people</source>
<target>قتل <g id="1">120</g> شخصا <ph id="2">&lt;br/&gt;</ph>اليوم</target></trans-unit>
<trans-unit id="t2"><source>Untranslated</source></trans-unit>
</body></file></xliff>"#;
        let units = parse(text, Format::Xliff).unwrap();
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].id, "t1");
        assert_eq!(texts(text, &units[0].source), "Killed |120| people");
        assert_eq!(texts(text, units[0].target.as_ref().unwrap()), "قتل |120| شخصا |اليوم");
        assert_eq!(units[1].target, None);
    }

    #[test]
    fn xliff_2_segments() {
        let text = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ar">
<file id="f1"><unit id="u1"><segment><source>Six <pc id="1">soldiers</pc></source><target>ستة <pc id="1">جنود</pc></target></segment>
<segment><source>Two</source><target>اثنان</target></segment></unit></file></xliff>"#;
        let units = parse(text, Format::Xliff).unwrap();
        assert_eq!(units.len(), 2);
        assert_eq!(texts(text, units[0].target.as_ref().unwrap()), "ستة |جنود");
        assert_eq!(texts(text, units[1].target.as_ref().unwrap()), "اثنان");
    }

    #[test]
    fn tmx_pairs_by_language() {
        let text = r#"<tmx version="1.4"><header srclang="en-US" datatype="plaintext"/><body>
<tu tuid="1"><tuv xml:lang="en-US"><seg>Six soldiers</seg></tuv><tuv xml:lang="ar"><seg>ستة <bpt i="1">&lt;b&gt;</bpt>جنود<ept i="1">&lt;/b&gt;</ept></seg></tuv></tu>
</body></tmx>"#;
        let units = parse(text, Format::Tmx).unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(texts(text, &units[0].source), "Six soldiers");
        assert_eq!(texts(text, units[0].target.as_ref().unwrap()), "ستة |جنود");
    }

    #[test]
    fn malformed_xml_is_located() {
        let text = "<xliff><file><body>\n<trans-unit id=\"a\"><source>x</sourc></trans-unit></body></file></xliff>";
        let err = parse(text, Format::Xliff).unwrap_err();
        assert!(err.offset > 20 && err.offset <= text.len(), "{err:?}");
    }
}
