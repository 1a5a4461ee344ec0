//! Prose ranges of an HTML file: the text between tags, from html5gum's
//! source spans. Tags with their attributes, comments, doctypes and the
//! contents of `<script>` and `<style>` are not prose, and neither are
//! character references (`&nbsp;` is markup in an HTML file).

use html5gum::{DefaultEmitter, Token, Tokenizer};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static CHARACTER_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});").unwrap());

pub fn prose_ranges(text: &str) -> Vec<Range<usize>> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Switch to raw text inside <script>/<style> as a browser would.
    emitter.naively_switch_states(true);
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut raw_text = false;
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        match token {
            Token::StartTag(tag) => raw_text = matches!(&**tag.name, b"script" | b"style"),
            Token::EndTag(_) => raw_text = false,
            Token::String(s) if !raw_text => {
                let range = s.span.start..s.span.end.min(text.len());
                let mut from = range.start;
                for entity in CHARACTER_REFERENCE.find_iter(&text[range.clone()]) {
                    push(&mut ranges, from..range.start + entity.start());
                    from = range.start + entity.end();
                }
                push(&mut ranges, from..range.end);
            }
            _ => {}
        }
    }
    ranges
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
