//! Prose ranges of a Markdown file: the text of paragraphs, headings, list
//! items, quotes, link texts and tables, from pulldown-cmark's source
//! offsets. Code, HTML and front matter are not prose. Inline link targets
//! are kept too: a URL that MT broke is worth reporting wherever it is.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
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
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                ..
            }) if skip_depth == 0 => {
                if let Some(target) = inline_target(text, range.clone()) {
                    ranges.push(target);
                }
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

/// The destination of `[text](destination)`, without a title.
fn inline_target(text: &str, link: Range<usize>) -> Option<Range<usize>> {
    let body = &text[link.clone()];
    let open = body.rfind("](")? + 2;
    let close = body.len().checked_sub(1).filter(|&c| body[c..].starts_with(')'))?;
    let inner = &body[open..close];
    let end = inner.find([' ', '\t', '\n']).unwrap_or(inner.len());
    let (start, end) = match inner.strip_prefix('<') {
        Some(rest) => (1, 1 + rest.find('>').unwrap_or(rest.len())),
        None => (0, end),
    };
    (start < end).then(|| link.start + open + start..link.start + open + end)
}
