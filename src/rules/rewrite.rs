//! Rewriting a matched phrase while keeping the clitics written on it, so a
//! fix for «زنازينه النائمة» reads «خلاياه النائمة» and one for «بالغيران»
//! reads «بالغويران».

use crate::arabic::fold::fold_literal;
use crate::arabic::word_matcher::WordMatch;
use crate::diagnostic::{Applicability, Fix};
use crate::document::Document;
use std::ops::Range;

/// The result of rewriting a match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// The smallest original range that changes (unchanged words at either
    /// end are left out, so a fix never touches them).
    pub span: Range<usize>,
    /// What replaces `span`.
    pub text: String,
    /// The whole matched phrase as it reads after the rewrite.
    pub whole: String,
}

impl Rewrite {
    pub fn into_fix(self, applicability: Applicability) -> Fix {
        Fix {
            span: self.span,
            replacement: self.text.into_boxed_str(),
            applicability,
        }
    }
}

struct WordParts<'a> {
    prefix: &'a str,
    suffix: &'a str,
    folded_prefix: &'a str,
    /// The literal's own word starts with the article, so the article
    /// written in the prefix belongs to the word being replaced.
    literal_article: bool,
}

/// Rewrites `m` (a match of some literal) to `replacement`. When both have the
/// same number of words, each word keeps its own clitics; otherwise the
/// first word's proclitics and the last word's suffix are kept.
pub fn rewrite(doc: &Document, words: &[WordMatch], literal: &str, replacement: &str) -> Option<Rewrite> {
    let text = doc.text();
    let literal_articles: Vec<bool> = fold_literal(literal)
        .split(' ')
        .map(|w| w.starts_with("ال") && w.chars().count() > 3)
        .collect();
    let parts: Vec<WordParts> = words
        .iter()
        .enumerate()
        .map(|(k, w)| {
            let token = &doc.tokens[w.token];
            let stem = doc.original_range(w.stem.clone());
            WordParts {
                prefix: &text[token.span().start..stem.start],
                suffix: &text[stem.end..token.span().end],
                folded_prefix: &doc.folded.text[token.folded().start..w.stem.start],
                literal_article: literal_articles.get(k).copied().unwrap_or(false),
            }
        })
        .collect();
    let replacement_words: Vec<&str> = replacement.split_whitespace().collect();
    if replacement_words.is_empty() {
        return None;
    }
    let mut new_words: Vec<String> = Vec::with_capacity(parts.len());
    if replacement_words.len() == parts.len() {
        for (part, word) in parts.iter().zip(&replacement_words) {
            new_words.push(decorate(part, word, part.prefix, part.suffix));
        }
    } else {
        let first = &parts[0];
        let last = &parts[parts.len() - 1];
        let joined = replacement_words.join(" ");
        new_words.push(decorate(first, &joined, first.prefix, last.suffix));
    }
    let tokens: Vec<Range<usize>> = words.iter().map(|w| doc.tokens[w.token].span()).collect();
    let gap = |i: usize| &text[tokens[i].end..tokens[i + 1].start];
    let whole = if new_words.len() == tokens.len() {
        let mut s = String::new();
        for (i, w) in new_words.iter().enumerate() {
            if i > 0 {
                s.push_str(gap(i - 1));
            }
            s.push_str(w);
        }
        s
    } else {
        new_words[0].clone()
    };
    if new_words.len() != tokens.len() {
        let span = tokens[0].start..tokens[tokens.len() - 1].end;
        return (text[span.clone()] != whole).then(|| Rewrite {
            span,
            text: whole.clone(),
            whole,
        });
    }
    let changed: Vec<usize> = (0..tokens.len())
        .filter(|&i| text[tokens[i].clone()] != new_words[i])
        .collect();
    let (&first, &last) = (changed.first()?, changed.last()?);
    let mut replaced = String::new();
    for (i, word) in new_words.iter().enumerate().take(last + 1).skip(first) {
        if i > first {
            replaced.push_str(gap(i - 1));
        }
        replaced.push_str(word);
    }
    Some(Rewrite {
        span: tokens[first].start..tokens[last].end,
        text: replaced,
        whole,
    })
}

/// Puts clitics around a replacement word. An article written in the prefix
/// goes with the replaced word when the literal had one (the replacement
/// brings its own, or none); otherwise it is a clitic and the replacement's
/// own article is dropped. A final ة becomes ت before a suffix.
fn decorate(part: &WordParts, word: &str, prefix: &str, suffix: &str) -> String {
    let prefix_article = if part.folded_prefix.ends_with("لل") {
        Some(1)
    } else if part.folded_prefix.ends_with("ال") {
        Some(2)
    } else {
        None
    };
    let (word_article, bare) = match word.strip_prefix("ال").or_else(|| word.strip_prefix("أل")) {
        Some(rest) => (true, rest),
        None => (false, word),
    };
    let (prefix, core) = match prefix_article {
        Some(letters) if part.literal_article => {
            let base = strip_trailing_letters(prefix, letters);
            match (word_article, base.ends_with('ل')) {
                // ل + ال is written لل.
                (true, true) => (base.to_string(), format!("ل{bare}")),
                (true, false) => (base.to_string(), format!("ال{bare}")),
                (false, _) => (base.to_string(), bare.to_string()),
            }
        }
        Some(_) => (prefix.to_string(), bare.to_string()),
        None => (prefix.to_string(), word.to_string()),
    };
    let mut core = core;
    if !suffix.is_empty() && core.ends_with('ة') {
        core.pop();
        core.push('ت');
    }
    format!("{prefix}{core}{suffix}")
}

/// `s` without its last `n` letters and the marks written on them.
fn strip_trailing_letters(s: &str, n: usize) -> &str {
    let mut end = s.len();
    let mut removed = 0;
    for (i, c) in s.char_indices().rev() {
        // Marks follow their letter, so once `n` letters are gone any mark
        // seen next belongs to a letter that stays.
        if removed == n {
            break;
        }
        end = i;
        if c.is_alphabetic() {
            removed += 1;
        }
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::clitics::CliticPolicy;
    use crate::arabic::word_matcher::{PhraseSpec, WordMatcher};
    use crate::source::SourceFile;

    fn rewrite_in(text: &str, literal: &str, replacement: &str) -> Rewrite {
        let matcher = WordMatcher::new(&[PhraseSpec::new(literal, CliticPolicy::default())]);
        let src = SourceFile::new("t", text);
        let doc = Document::new(&src);
        let m = matcher.find(&doc).into_iter().next().expect("a match");
        rewrite(&doc, &matcher.words(&doc, &m), literal, replacement).expect("a rewrite")
    }

    #[test]
    fn keeps_clitics_per_word() {
        let r = rewrite_in("حشد معظم زنازينه النائمة", "زنازين نائمة", "خلايا نائمة");
        assert_eq!(r.whole, "خلاياه النائمة");
        assert_eq!(r.text, "خلاياه");
        let r = rewrite_in("قرب الأحياء المحيطة بالغيران مع", "الغيران", "الغويران");
        assert_eq!(r.text, "بالغويران");
        let r = rewrite_in("ومظلوم عبادي", "مظلوم عبادي", "مظلوم عبدي");
        assert_eq!(r.text, "عبدي");
        assert_eq!(r.whole, "ومظلوم عبدي");
    }

    #[test]
    fn teh_marbuta_before_suffix() {
        let r = rewrite_in("خزانتها", "خزانة", "حكومة");
        assert_eq!(r.text, "حكومتها");
    }

    #[test]
    fn different_word_counts_keep_outer_clitics() {
        let r = rewrite_in("وبالديك الرومي", "الديك الرومي", "تركيا");
        assert_eq!(r.text, "وبتركيا");
        let r = rewrite_in("للغيران", "الغيران", "الغويران");
        assert_eq!(r.text, "للغويران");
        let r = rewrite_in("وَبِالغيرانِ", "الغيران", "الغويران");
        assert_eq!(r.text, "وَبِالغويرانِ".replace('\u{0650}', "").replacen("ب", "بِ", 1));
    }
}
