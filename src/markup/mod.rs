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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProseView {
    pub text: String,
    pub masked: Vec<Range<usize>>,
    /// Character references decoded in the view (`&amp;` → `&`), in order.
    pub references: Vec<Range<usize>>,
    /// The invisible filler after each decoded character (see
    /// [`decode_references`]); a finding about it is about nothing written.
    pub padding: Vec<Range<usize>>,
    /// Offsets where a paragraph ends though no blank line does (HTML
    /// block elements, Markdown list items), sorted.
    pub breaks: Vec<usize>,
}

impl ProseView {
    /// Whether an original byte offset lies in masked markup.
    pub fn is_masked(&self, offset: usize) -> bool {
        let i = self.masked.partition_point(|r| r.end <= offset);
        self.masked.get(i).is_some_and(|r| r.start <= offset)
    }

    pub fn overlaps_mask(&self, span: &Range<usize>) -> bool {
        overlaps(&self.masked, span)
    }

    /// Whether a span lies wholly inside the filler of a decoded reference.
    pub fn in_padding(&self, span: &Range<usize>) -> bool {
        let i = self.padding.partition_point(|r| r.end <= span.start);
        self.padding
            .get(i)
            .is_some_and(|r| r.start <= span.start && span.end <= r.end)
    }

    /// Whether a span touches a decoded reference (a fix there would write
    /// the character where the file has the reference).
    pub fn overlaps_reference(&self, span: &Range<usize>) -> bool {
        overlaps(&self.references, span)
    }
}

/// Whether a span overlaps one of sorted, disjoint ranges.
fn overlaps(ranges: &[Range<usize>], span: &Range<usize>) -> bool {
    let i = ranges.partition_point(|r| r.end <= span.start);
    ranges.get(i).is_some_and(|r| r.start < span.end)
}

/// Writes the character each reference stands for into the view, so that
/// `AT&amp;T` reads `AT&T` and `&#1575;` reads «ا», while every offset
/// stays the file's. The bytes the reference has beyond its character are
/// filled with characters folding drops and words run through (WORD
/// JOINER, 3 bytes; SOFT HYPHEN, 2 bytes): a word or a URL with a reference
/// in it stays one word or one URL. A reference is always written in 3 or
/// more bytes beyond its character's (`&lt;` for `<`, `&#65536;` for a
/// 4-byte character), and any such count is made of 3s and 2s.
pub fn decode_references(view: &mut ProseView, references: &[(Range<usize>, char)]) {
    for (range, c) in references {
        let written = range.len();
        let Some(fill) = written.checked_sub(c.len_utf8()).filter(|&n| n >= 2) else {
            // Cannot be written in place (never for a well-formed reference).
            continue;
        };
        let (threes, twos) = match fill % 3 {
            0 => (fill / 3, 0),
            1 => ((fill - 4) / 3, 2),
            _ => (fill / 3, 1),
        };
        let mut replacement = String::with_capacity(written);
        replacement.push(*c);
        replacement.extend(std::iter::repeat_n('\u{2060}', threes));
        replacement.extend(std::iter::repeat_n('\u{00AD}', twos));
        debug_assert_eq!(replacement.len(), written);
        view.text.replace_range(range.clone(), &replacement);
        view.references.push(range.clone());
        view.padding.push(range.start + c.len_utf8()..range.end);
    }
}

pub fn prose_view(text: &str, markup: Markup) -> ProseView {
    let prose = match markup {
        Markup::Plain => {
            return ProseView {
                text: text.to_string(),
                masked: Vec::new(),
                references: Vec::new(),
                padding: Vec::new(),
                breaks: Vec::new(),
            };
        }
        Markup::Markdown => markdown::prose_ranges(text),
        Markup::Html => {
            let html = html::prose(text);
            let mut view = mask_outside(text, &html.ranges);
            decode_references(&mut view, &html.references);
            view.breaks = html.breaks;
            return view;
        }
        // A malformed file has no prose (the error is reported on its own).
        Markup::Xliff | Markup::Tmx => {
            return match exchange_views(text, markup.exchange().expect("exchange")) {
                Some(views) => views.target,
                None => mask_outside(text, &[]),
            };
        }
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
    let mut references: Vec<(Range<usize>, char)> = units.iter().flat_map(|u| u.references.iter().cloned()).collect();
    references.sort_by_key(|(r, _)| r.start);
    let in_runs = |runs: &[Range<usize>], r: &Range<usize>| {
        let i = runs.partition_point(|run| run.end <= r.start);
        runs.get(i).is_some_and(|run| run.start <= r.start && r.end <= run.end)
    };
    let view = |runs: &[Range<usize>]| {
        let mut view = mask_outside(text, runs);
        let mine: Vec<_> = references.iter().filter(|(r, _)| in_runs(runs, r)).cloned().collect();
        decode_references(&mut view, &mine);
        view
    };
    Some(ExchangeViews {
        target: view(&target),
        source: view(&source),
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
    ProseView {
        text: out,
        masked,
        references: Vec::new(),
        padding: Vec::new(),
        breaks: Vec::new(),
    }
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
    fn references_are_decoded_in_place() {
        let text = "<xliff version=\"2.0\"><file><unit id=\"1\"><segment><source>AT&amp;T &lt;b&gt;</source>\
                    <target>شركة AT&amp;T و&#1575;لهاتف &#x1F600; &custom;</target></segment></unit></file></xliff>";
        let views = exchange_views(text, exchange::Format::Xliff).expect("parses");
        assert_eq!(views.target.text.len(), text.len());
        let words: Vec<String> = views
            .target
            .text
            .split_whitespace()
            .map(|w| w.chars().filter(|&c| c != '\u{2060}' && c != '\u{00AD}').collect())
            .collect();
        assert_eq!(words, ["شركة", "AT&T", "والهاتف", "😀"], "a DTD entity stays blank");
        let source_words: Vec<String> = views
            .source
            .text
            .split_whitespace()
            .map(|w| w.chars().filter(|&c| c != '\u{2060}' && c != '\u{00AD}').collect())
            .collect();
        assert_eq!(source_words, ["AT&T", "<b>"]);
        let amp = text.rfind("&amp;").unwrap();
        assert!(views.target.overlaps_reference(&(amp..amp + 1)));
        assert!(views.target.in_padding(&(amp + 1..amp + 4)));
        assert!(!views.target.in_padding(&(amp..amp + 2)));
        let folded = crate::arabic::fold::fold(&views.target.text[text.find("و&#").unwrap()..]);
        assert!(folded.text.starts_with("والهاتف"), "{}", folded.text);
    }

    #[test]
    fn plain_text_is_untouched() {
        let view = prose_view("<b>نص</b>", Markup::Plain);
        assert_eq!(view.text, "<b>نص</b>");
        assert!(view.masked.is_empty());
    }
}
