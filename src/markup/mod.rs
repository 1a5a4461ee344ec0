//! Markdown, HTML and translation exchange files: lint the prose, not the
//! markup.
//!
//! The prose view of a file has exactly the original's length: every byte
//! that is not prose (tags, attributes, code, link targets, comments) is
//! replaced by a space, line breaks kept. Rules run on that view, and every
//! span they report is already a span of the original file.

pub mod exchange;
mod html;
mod markdown;

use std::ops::Range;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    Plain,
    Markdown,
    Html,
    /// XLIFF 1.2 / 2.x: the target segments are the prose.
    Xliff,
    /// TMX 1.4: the Arabic segments are the prose.
    Tmx,
}

impl Markup {
    pub fn of_path(path: &Path) -> Markup {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("md" | "markdown") => Markup::Markdown,
            Some("html" | "htm") => Markup::Html,
            Some("xlf" | "xliff") => Markup::Xliff,
            Some("tmx") => Markup::Tmx,
            _ => Markup::Plain,
        }
    }

    /// The exchange format, for XLIFF and TMX.
    pub fn exchange(self) -> Option<exchange::Format> {
        match self {
            Markup::Xliff => Some(exchange::Format::Xliff),
            Markup::Tmx => Some(exchange::Format::Tmx),
            _ => None,
        }
    }
}

/// The text rules see, and which byte ranges of it were masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProseView {
    pub text: String,
    pub masked: Vec<Range<usize>>,
}

impl ProseView {
    /// Whether an original byte offset lies in masked markup.
    pub fn is_masked(&self, offset: usize) -> bool {
        let i = self.masked.partition_point(|r| r.end <= offset);
        self.masked.get(i).is_some_and(|r| r.start <= offset)
    }

    pub fn overlaps_mask(&self, span: &Range<usize>) -> bool {
        let i = self.masked.partition_point(|r| r.end <= span.start);
        self.masked.get(i).is_some_and(|r| r.start < span.end)
    }
}

pub fn prose_view(text: &str, markup: Markup) -> ProseView {
    let prose = match markup {
        Markup::Plain => {
            return ProseView {
                text: text.to_string(),
                masked: Vec::new(),
            };
        }
        Markup::Markdown => markdown::prose_ranges(text),
        Markup::Html => html::prose_ranges(text),
        // A malformed file has no prose (the error is reported on its own).
        Markup::Xliff | Markup::Tmx => match exchange::parse(text, markup.exchange().expect("exchange")) {
            Ok(units) => units.into_iter().flat_map(|u| u.target.unwrap_or_default()).collect(),
            Err(_) => Vec::new(),
        },
    };
    mask_outside(text, &prose)
}

/// Both sides of an exchange file from one parse: the target segments as
/// the prose to lint, the source segments as the English original, and the
/// units' pairs.
pub struct ExchangeViews {
    pub target: ProseView,
    pub source: ProseView,
    pub pairs: Vec<crate::bilingual::align::Pair>,
}

pub fn exchange_views(text: &str, format: exchange::Format) -> Option<ExchangeViews> {
    let units = exchange::parse(text, format).ok()?;
    let source: Vec<Range<usize>> = units.iter().flat_map(|u| u.source.iter().cloned()).collect();
    let target: Vec<Range<usize>> = units.iter().flat_map(|u| u.target.iter().flatten().cloned()).collect();
    let pairs = units
        .iter()
        .filter_map(|u| {
            Some(crate::bilingual::align::Pair {
                en: exchange::covering(&u.source),
                ar: exchange::covering(u.target.as_deref()?),
            })
        })
        .collect();
    Some(ExchangeViews {
        target: mask_outside(text, &target),
        source: mask_outside(text, &source),
        pairs,
    })
}

/// Blanks every character outside the (sorted) prose ranges.
fn mask_outside(text: &str, prose: &[Range<usize>]) -> ProseView {
    let mut out = String::with_capacity(text.len());
    let mut masked: Vec<Range<usize>> = Vec::new();
    let mut cursor = 0;
    let blank = |from: usize, to: usize, out: &mut String, masked: &mut Vec<Range<usize>>| {
        if from >= to {
            return;
        }
        for c in text[from..to].chars() {
            if c == '\n' || c == '\r' {
                out.push(c);
            } else {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        match masked.last_mut() {
            Some(last) if last.end == from => last.end = to,
            _ => masked.push(from..to),
        }
    };
    for range in prose {
        let start = range.start.max(cursor);
        if start >= range.end {
            continue;
        }
        blank(cursor, start, &mut out, &mut masked);
        out.push_str(&text[start..range.end]);
        cursor = range.end;
    }
    blank(cursor, text.len(), &mut out, &mut masked);
    ProseView { text: out, masked }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_prose_keeps_offsets() {
        let text =
            "# عنوان\n\nقال **المتحدث** إن `code here` و[الرابط](https://x.com/a?b) مهم.\n\n```\nfn main() {}\n```\n";
        let view = prose_view(text, Markup::Markdown);
        assert_eq!(view.text.len(), text.len());
        assert!(view.text.contains("قال   المتحدث   إن"));
        assert!(!view.text.contains("code here"));
        assert!(
            view.text.contains(" https://x.com/a?b "),
            "a link target is kept, its brackets are not"
        );
        assert!(!view.text.contains("fn main"));
        assert!(view.text.contains("الرابط"));
        let at = text.find("المتحدث").unwrap();
        assert_eq!(&view.text[at..at + "المتحدث".len()], "المتحدث");
    }

    #[test]
    fn html_prose_skips_tags_attributes_scripts_and_entities() {
        let text = "<p class=\"lead\">قال <b>المتحدث</b>&nbsp;إن</p><script>var x = 'نص';</script><!-- تعليق -->";
        let view = prose_view(text, Markup::Html);
        assert_eq!(view.text.len(), text.len());
        assert!(!view.text.contains("lead"));
        assert!(!view.text.contains("نص'"));
        assert!(!view.text.contains("nbsp"));
        assert!(!view.text.contains("تعليق"));
        assert!(view.text.contains("المتحدث"));
        assert!(view.is_masked(text.find("class").unwrap()));
        assert!(!view.is_masked(text.find("المتحدث").unwrap()));
    }

    #[test]
    fn plain_text_is_untouched() {
        let view = prose_view("<b>نص</b>", Markup::Plain);
        assert_eq!(view.text, "<b>نص</b>");
        assert!(view.masked.is_empty());
    }
}
