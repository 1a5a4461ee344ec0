//! Prose ranges of a Markdown file: the text of paragraphs, headings, list
//! items, quotes, link texts and tables, from pulldown-cmark's source
//! offsets. Code, HTML, link targets and front matter are not prose.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

pub fn prose_ranges(text: &str) -> Vec<Range<usize>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut skip_depth = 0usize;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock) => skip_depth += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock) => {
                skip_depth = skip_depth.saturating_sub(1)
            }
            Event::Text(_) if skip_depth == 0 => match ranges.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => ranges.push(range),
            },
            _ => {}
        }
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}
