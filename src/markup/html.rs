//! Prose of an HTML file, from html5gum's source spans: the text between
//! tags, and the values of the attributes that hold the links an article
//! publishes (`href`, `src`), each its own paragraph. Other attributes,
//! comments, doctypes and the contents of `<script>` and `<style>` are not
//! prose, and neither are character references in text (`&nbsp;` is markup
//! in an HTML file); in a link they are read as their characters
//! (`?a=1&amp;b=2` is the URL `?a=1&b=2`). Block elements (`<p>`, `<li>`,
//! `<h2>` …) end paragraphs wherever they stand.

use html5gum::{DefaultEmitter, Token, Tokenizer};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static CHARACTER_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});").unwrap());

/// A link-holding attribute and its value, quoted or not.
static URL_ATTRIBUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#).unwrap());

/// Elements that stand on their own in a page's layout.
const BLOCK_ELEMENTS: &[&[u8]] = &[
    b"p",
    b"div",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"li",
    b"ul",
    b"ol",
    b"dl",
    b"dt",
    b"dd",
    b"blockquote",
    b"section",
    b"article",
    b"header",
    b"footer",
    b"main",
    b"aside",
    b"nav",
    b"figure",
    b"figcaption",
    b"table",
    b"tr",
    b"td",
    b"th",
    b"caption",
    b"pre",
    b"br",
    b"hr",
    b"address",
    b"form",
];

/// What the prose view of an HTML file is made of.
#[derive(Debug, Default)]
pub struct HtmlProse {
    pub ranges: Vec<Range<usize>>,
    /// Offsets where a paragraph ends whatever the line breaks say.
    pub breaks: Vec<usize>,
    /// Character references inside link values, with their characters.
    pub references: Vec<(Range<usize>, char)>,
}

pub fn prose(text: &str) -> HtmlProse {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Switch to raw text inside <script>/<style> as a browser would.
    emitter.naively_switch_states(true);
    let mut out = HtmlProse::default();
    let mut raw_text = false;
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                raw_text = matches!(&**tag.name, b"script" | b"style");
                let span = tag.span.start..tag.span.end.min(text.len());
                if BLOCK_ELEMENTS.contains(&&**tag.name) {
                    out.breaks.push(span.start);
                }
                url_values(text, span, &mut out);
            }
            Token::EndTag(tag) => {
                raw_text = false;
                if BLOCK_ELEMENTS.contains(&&**tag.name) {
                    out.breaks.push(tag.span.start.min(text.len()));
                }
            }
            Token::String(s) if !raw_text => {
                let range = s.span.start..s.span.end.min(text.len());
                let mut from = range.start;
                for entity in CHARACTER_REFERENCE.find_iter(&text[range.clone()]) {
                    push(&mut out.ranges, from..range.start + entity.start());
                    from = range.start + entity.end();
                }
                push(&mut out.ranges, from..range.end);
            }
            _ => {}
        }
    }
    out.ranges.sort_by_key(|r| r.start);
    out.breaks.sort_unstable();
    out
}

/// The `href` and `src` values of a start tag, as prose paragraphs of
/// their own.
fn url_values(text: &str, tag: Range<usize>, out: &mut HtmlProse) {
    let Some(source) = text.get(tag.clone()) else {
        return;
    };
    for caps in URL_ATTRIBUTE.captures_iter(source) {
        let Some(value) = caps.get(1).or_else(|| caps.get(2)).or_else(|| caps.get(3)) else {
            continue;
        };
        let range = tag.start + value.start()..tag.start + value.end();
        if range.is_empty() {
            continue;
        }
        out.breaks.push(range.start);
        out.breaks.push(range.end);
        for entity in CHARACTER_REFERENCE.find_iter(&text[range.clone()]) {
            if let Some(c) = reference_char(entity.as_str()) {
                out.references
                    .push((range.start + entity.start()..range.start + entity.end(), c));
            }
        }
        out.ranges.push(range);
    }
}

/// The character a reference in a link stands for: the predefined ones and
/// numeric references (other named ones are left as written).
fn reference_char(reference: &str) -> Option<char> {
    let body = reference.strip_prefix('&')?.strip_suffix(';')?;
    match body {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = body.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

fn push(ranges: &mut Vec<Range<usize>>, range: Range<usize>) {
    if range.is_empty() {
        return;
    }
    match ranges.last_mut() {
        Some(last) if last.end == range.start => last.end = range.end,
        _ => ranges.push(range),
    }
}
