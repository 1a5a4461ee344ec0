//! The per-file model every rule reads: paragraphs, sentences, word tokens
//! and the folded view, built once per file.

use crate::arabic::char_classes::{arabic_block_offset, is_arabic_letter};
use crate::arabic::fold::{FoldedText, fold, folds_afresh_at};
use crate::arabic::script::is_word_char;
use crate::source::SourceFile;
use std::ops::Range;

/// A word: a maximal run of letters and digits in the folded view, cut
/// every [`MAX_WORD_LEN`] bytes.
///
/// Two byte ranges and nothing else, in 12 bytes: a document has millions
/// of tokens and they are most of its memory, so what only some checks ask
/// (the sentence, the paragraph, whether one space precedes the token) is
/// kept by the [`Document`] per sentence, per paragraph and as one bit a
/// token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Where it starts in the folded text (32-bit; see [`MAX_LEN`]).
    folded_start: u32,
    /// Where it starts in the original text.
    span_start: u32,
    folded_len: u16,
    span_len: u16,
}

/// The longest word, in bytes of the folded text: a longer run of letters
/// (a hash, an encoded blob) is cut into words of at most this length, so
/// a token's lengths fit in 16 bits.
pub const MAX_WORD_LEN: usize = 16 << 10;

impl Token {
    /// A token at these ranges. A span longer than 16 bits can hold (a word
    /// written with tens of thousands of marks, which the fold drops) ends
    /// at the last character boundary that fits.
    fn new(folded: Range<usize>, span: Range<usize>, original: &str) -> Token {
        debug_assert!(folded.len() <= MAX_WORD_LEN);
        let span_len = if span.len() <= usize::from(u16::MAX) {
            span.len()
        } else {
            let mut len = usize::from(u16::MAX);
            while !original.is_char_boundary(span.start + len) {
                len -= 1;
            }
            len
        };
        Token {
            folded_start: folded.start as u32,
            span_start: span.start as u32,
            folded_len: folded.len() as u16,
            span_len: span_len as u16,
        }
    }

    /// Byte range in the folded text.
    pub fn folded(&self) -> Range<usize> {
        let start = self.folded_start as usize;
        start..start + usize::from(self.folded_len)
    }

    /// Byte range in the original text (diacritics and tatweel included).
    pub fn span(&self) -> Range<usize> {
        let start = self.span_start as usize;
        start..start + usize::from(self.span_len)
    }
}

#[derive(Debug)]
pub struct Document<'s> {
    pub source: &'s SourceFile,
    pub folded: FoldedText,
    pub tokens: Vec<Token>,
    /// Paragraphs as trimmed byte ranges of the original text; blank lines
    /// separate them.
    pub paragraphs: Vec<Range<usize>>,
    /// The first token of each paragraph up to the last that has tokens
    /// (those after it start, and end, at the number of tokens).
    paragraph_starts: Vec<u32>,
    /// The first token of each sentence. A sentence holds at least one
    /// token and never spans two paragraphs.
    sentence_starts: Vec<u32>,
    /// Only a single space separates the token from the previous token of
    /// its paragraph (so the two can form a phrase).
    follows_space: TokenBits,
    /// Every character of the token is an Arabic letter.
    arabic_word: TokenBits,
    /// The token holds a numeric character (a digit of any script, «½»).
    numeral: TokenBits,
}

/// The longest text a document can hold: token offsets are 32-bit, which
/// halves the memory of a document's tokens (most of its memory). The
/// command line refuses a larger `--max-file-size`.
pub const MAX_LEN: usize = u32::MAX as usize;

/// About how long a piece of a big document is when its pieces are built
/// in parallel: long enough that handing one over costs nothing, short
/// enough that the pieces waiting to be joined are little memory.
const PIECE_LEN: usize = 256 << 10;

/// Pieces built ahead of the one due to be joined, per thread.
const PIECES_PER_THREAD: usize = 4;

/// Characters that end a sentence.
pub const SENTENCE_END: &[char] = &['.', '!', '?', '؟', '…', '۔'];

impl<'s> Document<'s> {
    pub fn new(source: &'s SourceFile) -> Self {
        Document::with_breaks(source, &[])
    }

    /// A document whose paragraphs also end at the given sorted offsets
    /// (the block elements of an HTML page), not only at blank lines.
    ///
    /// # Panics
    /// When the text is longer than [`MAX_LEN`].
    pub fn with_breaks(source: &'s SourceFile, breaks: &[usize]) -> Self {
        let piece_len = crate::parallel::share_work(source.text().len()).then_some(PIECE_LEN);
        Document::in_pieces(source, breaks, piece_len)
    }

    /// [`Document::with_breaks`], built a piece of about `piece_len` bytes
    /// at a time on the thread pool (or whole, given `None`): folding and
    /// tokenizing are most of the time a big file takes before its rules
    /// can run. Pieces start at paragraphs, so no sentence, phrase or
    /// whitespace run goes on from one piece into the next, and the pieces
    /// joined are the document built whole.
    fn in_pieces(source: &'s SourceFile, breaks: &[usize], piece_len: Option<usize>) -> Self {
        let text = source.text();
        assert!(
            text.len() <= MAX_LEN,
            "a document holds at most {MAX_LEN} bytes; {} given",
            text.len()
        );
        let paragraphs = split_at(text, paragraphs(text), breaks);
        let pieces = match piece_len {
            Some(len) => pieces(text, &paragraphs, len),
            None => vec![Piece {
                original: 0..text.len(),
                paragraphs: 0..paragraphs.len(),
            }],
        };
        let mut built: Option<Built> = None;
        crate::parallel::in_order::for_each_in_order(
            &pieces,
            PIECES_PER_THREAD,
            |piece| Built::piece(text, &paragraphs, piece),
            |part| match &mut built {
                Some(whole) => whole.append(part),
                None => {
                    let mut first = part;
                    if pieces.len() > 1 {
                        first.reserve_for(text.len());
                    }
                    built = Some(first);
                }
            },
        );
        let Built {
            folded,
            tokens:
                Tokens {
                    mut tokens,
                    paragraph_starts,
                    sentence_starts,
                    follows_space,
                    arabic_word,
                    numeral,
                },
            ..
        } = built.expect("a text is at least one piece");
        // The vector doubled as it grew; what it holds beyond its length
        // is up to half of the largest structure of a big document.
        tokens.shrink_to_fit();
        Document {
            source,
            folded,
            tokens,
            paragraphs,
            paragraph_starts,
            sentence_starts,
            follows_space,
            arabic_word,
            numeral,
        }
    }

    /// The paragraph token `i` is in.
    pub fn paragraph_of(&self, i: usize) -> usize {
        group_of(&self.paragraph_starts, i)
    }

    /// The tokens of paragraph `p`.
    pub fn paragraph_tokens(&self, p: usize) -> Range<usize> {
        group_tokens(&self.paragraph_starts, p, self.tokens.len())
    }

    /// The number of the sentence token `i` is in.
    pub fn sentence_of(&self, i: usize) -> usize {
        group_of(&self.sentence_starts, i)
    }

    /// The tokens of sentence `s`.
    pub fn sentence_tokens(&self, s: usize) -> Range<usize> {
        group_tokens(&self.sentence_starts, s, self.tokens.len())
    }

    /// Only a single space separates token `i` from the previous token of
    /// its paragraph (so the two can form a phrase).
    pub fn follows_space(&self, i: usize) -> bool {
        self.follows_space.get(i)
    }

    /// Every character of token `i` is an Arabic letter
    /// ([`is_arabic_letter`]): noted while tokenizing, which reads every
    /// character anyway, for the checks that only look at Arabic words.
    pub fn is_arabic_word(&self, i: usize) -> bool {
        self.arabic_word.get(i)
    }

    /// Token `i` holds a numeric character (`char::is_numeric`): every such
    /// character of the text is in a token, so the checks of numbers need
    /// read only these.
    pub fn has_numeral(&self, i: usize) -> bool {
        self.numeral.get(i)
    }

    pub fn text(&self) -> &'s str {
        self.source.text()
    }

    /// The folded form of a token.
    pub fn folded_word(&self, token: &Token) -> &str {
        &self.folded.text[token.folded()]
    }

    /// The original text of a token.
    pub fn original_word(&self, token: &Token) -> &'s str {
        &self.source.text()[token.span()]
    }

    /// Maps a folded byte range to the original text.
    pub fn original_range(&self, folded: Range<usize>) -> Range<usize> {
        self.folded.map.to_original(folded.start)..self.folded.map.to_original(folded.end)
    }

    /// Index of the token whose folded range contains `folded_offset`.
    pub fn token_at_folded(&self, folded_offset: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.folded().end <= folded_offset);
        let token = self.tokens.get(i)?;
        (token.folded().start <= folded_offset).then_some(i)
    }
}

/// The group (paragraph, sentence) holding token `i`, given the first token
/// of each group. A group without tokens starts where the next one does, so
/// the last group starting at or before `i` is the one holding it.
fn group_of(starts: &[u32], i: usize) -> usize {
    starts.partition_point(|&s| s as usize <= i).saturating_sub(1)
}

/// The tokens of group `k`, given the first token of each group; groups
/// past the list start at the end of the tokens.
fn group_tokens(starts: &[u32], k: usize, tokens: usize) -> Range<usize> {
    let at = |k: usize| starts.get(k).map_or(tokens, |&s| s as usize);
    at(k)..at(k + 1)
}

fn paragraphs(text: &str) -> Vec<Range<usize>> {
    each_paragraph(text).collect()
}

/// The paragraphs of a text, one after the other: trimmed byte ranges,
/// which blank lines separate.
pub fn each_paragraph(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut lines = text.split_inclusive('\n');
    let mut line_start = 0;
    let mut current: Option<Range<usize>> = None;
    std::iter::from_fn(move || {
        for line in lines.by_ref() {
            let at = line_start;
            line_start += line.len();
            if line.trim().is_empty() {
                if let Some(done) = current.take() {
                    return Some(done);
                }
            } else {
                let start = at + line.len() - line.trim_start().len();
                let end = at + line.trim_end().len();
                match &mut current {
                    Some(range) => range.end = end,
                    None => current = Some(start..end),
                }
            }
        }
        current.take()
    })
}

/// Splits paragraphs at the breaks inside them; each piece is trimmed and
/// empty pieces are dropped.
fn split_at(text: &str, paragraphs: Vec<Range<usize>>, breaks: &[usize]) -> Vec<Range<usize>> {
    if breaks.is_empty() {
        return paragraphs;
    }
    let mut out = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        let first = breaks.partition_point(|&b| b <= p.start);
        let mut start = p.start;
        for &b in breaks[first..].iter().take_while(|&&b| b < p.end) {
            push_trimmed(text, start..b, &mut out);
            start = b;
        }
        push_trimmed(text, start..p.end, &mut out);
    }
    out
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let Some(piece) = text.get(range.clone()) else {
        return;
    };
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push(range.start + lead..range.start + lead + trimmed.len());
    }
}

/// A stretch of the text built on its own: whole paragraphs, and the
/// whitespace after them.
struct Piece {
    original: Range<usize>,
    paragraphs: Range<usize>,
}

/// Cuts the text into pieces of at least `len` bytes, each starting at a
/// paragraph where folding may start afresh (the first at the start).
fn pieces(text: &str, paragraphs: &[Range<usize>], len: usize) -> Vec<Piece> {
    let mut out = Vec::with_capacity(text.len() / len.max(1) + 1);
    // Where the piece being gathered starts: a byte, a paragraph.
    let (mut from, mut first) = (0, 0);
    for (p, paragraph) in paragraphs.iter().enumerate() {
        let at = paragraph.start;
        if at - from >= len && folds_afresh_at(text, at) {
            out.push(Piece {
                original: from..at,
                paragraphs: first..p,
            });
            (from, first) = (at, p);
        }
    }
    out.push(Piece {
        original: from..text.len(),
        paragraphs: first..paragraphs.len(),
    });
    out
}

/// The folded view and the tokens of the text so far.
struct Built {
    folded: FoldedText,
    tokens: Tokens,
    /// Where the text so far ends in the original.
    original_end: usize,
    /// Paragraphs so far.
    paragraphs: usize,
}

impl Built {
    /// Folds and tokenizes one piece on its own (its offsets start at 0).
    fn piece(text: &str, paragraphs: &[Range<usize>], piece: &Piece) -> Built {
        let original = &text[piece.original.clone()];
        let folded = fold(original);
        let tokens = tokenize(
            original,
            &folded,
            &paragraphs[piece.paragraphs.clone()],
            piece.original.start,
        );
        Built {
            folded,
            tokens,
            original_end: piece.original.end,
            paragraphs: piece.paragraphs.end,
        }
    }

    /// Makes room for the pieces of a text of `len` bytes (as much as the
    /// whole text built at once reserves), so joining them does not grow
    /// the vectors by doubling, each time keeping the old one a while.
    fn reserve_for(&mut self, len: usize) {
        self.folded.text.reserve(len.saturating_sub(self.folded.text.len()));
        let tokens = &mut self.tokens;
        tokens
            .tokens
            .reserve(tokens_expected(len).saturating_sub(tokens.tokens.len()));
        tokens.follows_space.reserve_for(tokens_expected(len));
        tokens.arabic_word.reserve_for(tokens_expected(len));
        tokens.numeral.reserve_for(tokens_expected(len));
    }

    /// Joins the next piece, built on its own, to the text so far.
    fn append(&mut self, piece: Built) {
        let original_start = self.original_end;
        let folded_start = self.folded.text.len() as u32;
        let original_shift = original_start as u32;
        let first = self.tokens.tokens.len();
        let shift = first as u32;
        self.folded.append(&piece.folded, original_start);
        let ours = &mut self.tokens;
        let theirs = piece.tokens;
        if !theirs.tokens.is_empty() {
            // The paragraphs without tokens before the piece's start at its
            // first token (the list stops at the last paragraph with some).
            ours.paragraph_starts.resize(self.paragraphs, shift);
        }
        ours.paragraph_starts
            .extend(theirs.paragraph_starts.iter().map(|&s| s + shift));
        ours.sentence_starts
            .extend(theirs.sentence_starts.iter().map(|&s| s + shift));
        ours.tokens.extend(theirs.tokens.into_iter().map(|t| Token {
            folded_start: t.folded_start + folded_start,
            span_start: t.span_start + original_shift,
            ..t
        }));
        let len = ours.tokens.len();
        ours.follows_space.append(&theirs.follows_space, first, len);
        ours.arabic_word.append(&theirs.arabic_word, first, len);
        ours.numeral.append(&theirs.numeral, first, len);
        self.original_end = piece.original_end;
        self.paragraphs = piece.paragraphs;
    }
}

/// The tokens of a text and what the document keeps about them.
struct Tokens {
    tokens: Vec<Token>,
    paragraph_starts: Vec<u32>,
    sentence_starts: Vec<u32>,
    follows_space: TokenBits,
    arabic_word: TokenBits,
    numeral: TokenBits,
}

/// One bit a token.
#[derive(Debug, Default, PartialEq, Eq)]
struct TokenBits(Vec<u64>);

impl TokenBits {
    fn with_capacity(tokens: usize) -> Self {
        TokenBits(Vec::with_capacity(tokens / 64 + 1))
    }

    /// Makes room for the bits of `tokens` tokens in all.
    fn reserve_for(&mut self, tokens: usize) {
        self.0.reserve((tokens / 64 + 1).saturating_sub(self.0.len()));
    }

    /// Gives token `index`, the next one, its bit.
    fn push(&mut self, index: usize, bit: bool) {
        if index.is_multiple_of(64) {
            self.0.push(0);
        }
        if bit {
            self.0[index / 64] |= 1 << (index % 64);
        }
    }

    fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w >> (i % 64) & 1 == 1)
    }

    /// Appends the bits of another piece's tokens, which follow our first
    /// `first` tokens, for `len` tokens in all.
    fn append(&mut self, theirs: &TokenBits, first: usize, len: usize) {
        self.0.resize(len.div_ceil(64), 0);
        for (w, &word) in theirs.0.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let i = first + w * 64 + bits.trailing_zeros() as usize;
                self.0[i / 64] |= 1 << (i % 64);
                bits &= bits - 1;
            }
        }
    }
}

/// The tokens a text of `len` bytes is sized for. News text runs about ten
/// bytes a token; sizing for eight spares the doublings (each leaves its
/// old buffer with the allocator for a while, which on a big file was more
/// memory than the tokens).
fn tokens_expected(len: usize) -> usize {
    len / 8
}

/// Tokenizes `original` (a piece of a text starting at byte `at` of it,
/// whose paragraphs are given in the whole text's offsets).
fn tokenize(original: &str, folded: &FoldedText, paragraphs: &[Range<usize>], at: usize) -> Tokens {
    let text = folded.text.as_str();
    let mut out = Tokens {
        tokens: Vec::with_capacity(tokens_expected(text.len())),
        paragraph_starts: Vec::with_capacity(paragraphs.len() + 1),
        sentence_starts: Vec::new(),
        follows_space: TokenBits::with_capacity(tokens_expected(text.len())),
        arabic_word: TokenBits::with_capacity(tokens_expected(text.len())),
        numeral: TokenBits::with_capacity(tokens_expected(text.len())),
    };
    let mut paragraph = 0usize;
    let mut start: Option<usize> = None;
    let mut offsets = folded.map.cursor();
    let mut push = |out: &mut Tokens, range: Range<usize>, kind: WordKind| {
        let mut span = offsets.to_original(range.start)..offsets.to_original(range.end);
        // Words that one ligature expands to («ﷻ» is «جل جلاله») all stand
        // at that one character: each covers it.
        if span.end <= span.start {
            span.end = span.start + original[span.start..].chars().next().map_or(0, char::len_utf8);
        }
        while paragraph + 1 < paragraphs.len() && paragraphs[paragraph].end <= at + span.start {
            paragraph += 1;
        }
        let index = out.tokens.len();
        let same_paragraph = out.paragraph_starts.len() == paragraph + 1;
        // Offsets are 32-bit (MAX_LEN), so token indices are too.
        while out.paragraph_starts.len() <= paragraph {
            out.paragraph_starts.push(index as u32);
        }
        let gap_start = out.tokens.last().map_or(0, |t| t.folded().end);
        let gap = &text[gap_start..range.start];
        if out.tokens.is_empty() || !same_paragraph || ends_sentence(gap, out.tokens.last(), text, &range) {
            out.sentence_starts.push(index as u32);
        }
        out.follows_space.push(index, same_paragraph && gap == " ");
        out.arabic_word.push(index, kind.arabic);
        out.numeral.push(index, kind.numeral);
        out.tokens.push(Token::new(range, span, original));
    };
    // A run of word characters, cut into words of at most MAX_WORD_LEN;
    // `kind` is the run's (a word cut from a run is judged on its own).
    let mut push_run = |out: &mut Tokens, run: Range<usize>, kind: WordKind| {
        let mut start = run.start;
        let cut = run.len() > MAX_WORD_LEN;
        let kind_of = |word: Range<usize>| if cut { WordKind::of(&text[word]) } else { kind };
        while run.end - start > MAX_WORD_LEN {
            let mut end = start + MAX_WORD_LEN;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            push(out, start..end, kind_of(start..end));
            start = end;
        }
        push(out, start..run.end, kind_of(start..run.end));
    };
    let mut kind = WordKind::EMPTY;
    // ASCII and the Arabic block, nearly every character, are classed by
    // their bytes from a table; the rest are decoded.
    let table = &*CLASS_TABLE;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        let (width, class) = if lead < 0x80 {
            (1, table[usize::from(lead)])
        } else if let Some(offset) = arabic_block_offset(bytes, i) {
            (2, table[0x80 + offset])
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            (c.len_utf8(), CharClass::of(c))
        };
        if class.word() {
            if start.is_none() {
                start = Some(i);
                kind = WordKind::EMPTY;
            }
            kind.add(class);
            // The rest of a word's Arabic letters, most of a text, change
            // nothing in its kind: stepped over by a constant, they need
            // neither the branches on the character's width nor on its
            // class.
            i += width;
            while i + 1 < bytes.len()
                && arabic_block_offset(bytes, i).is_some_and(|offset| table[0x80 + offset] == CharClass::LETTER)
            {
                i += 2;
            }
            continue;
        } else if let Some(s) = start.take() {
            push_run(&mut out, s..i, kind);
        }
        i += width;
    }
    if let Some(s) = start {
        push_run(&mut out, s..text.len(), kind);
    }
    out
}

/// What the tokenizer asks of a character, as bits of one byte: the table
/// of classes is read once a character, one byte at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct CharClass(u8);

impl CharClass {
    /// Part of a word ([`is_word_char`]).
    const WORD: u8 = 1;
    const ARABIC_LETTER: u8 = 2;
    const NUMERIC: u8 = 4;

    fn of(c: char) -> CharClass {
        let bit = |set: bool, bit: u8| if set { bit } else { 0 };
        CharClass(
            bit(is_word_char(c), CharClass::WORD)
                | bit(is_arabic_letter(c), CharClass::ARABIC_LETTER)
                | bit(c.is_numeric(), CharClass::NUMERIC),
        )
    }

    /// An Arabic letter's class: part of a word, and no numeral.
    const LETTER: CharClass = CharClass(CharClass::WORD | CharClass::ARABIC_LETTER);

    fn word(self) -> bool {
        self.0 & CharClass::WORD != 0
    }
}

/// [`CharClass::of`] for ASCII (by the byte), then for U+0600–U+06FF (by
/// [`arabic_block_offset`], after 0x80).
static CLASS_TABLE: std::sync::LazyLock<[CharClass; 0x180]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|i| {
        let code = if i < 0x80 { i as u32 } else { 0x0600 + (i - 0x80) as u32 };
        char::from_u32(code).map_or_else(CharClass::default, CharClass::of)
    })
});

/// Builds the class table now (see [`crate::rules::WARM_UPS`]): 86,000
/// instructions of an empty file's run, on the thread that compiles the
/// rules and then checks the file.
pub fn warm_up() {
    std::sync::LazyLock::force(&CLASS_TABLE);
}

/// What the document notes about the letters of a word.
#[derive(Debug, Clone, Copy)]
struct WordKind {
    /// All Arabic letters.
    arabic: bool,
    /// Some numeric character.
    numeral: bool,
}

impl WordKind {
    const EMPTY: WordKind = WordKind {
        arabic: true,
        numeral: false,
    };

    fn add(&mut self, c: CharClass) {
        self.arabic &= c.0 & CharClass::ARABIC_LETTER != 0;
        self.numeral |= c.0 & CharClass::NUMERIC != 0;
    }

    fn of(word: &str) -> WordKind {
        let mut kind = WordKind::EMPTY;
        word.chars().for_each(|c| kind.add(CharClass::of(c)));
        kind
    }
}

/// Whether the text between two tokens ends a sentence. A point or comma
/// between two digit runs is a decimal or thousands separator, not an end.
fn ends_sentence(gap: &str, previous: Option<&Token>, text: &str, next: &Range<usize>) -> bool {
    // Most words are a space apart: no search of the gap for them.
    if gap == " " {
        return false;
    }
    if gap.contains('\n') {
        return true;
    }
    if !gap.contains(SENTENCE_END) {
        return false;
    }
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_numeric());
    let numeric_separator =
        gap == "." && previous.is_some_and(|p| digits(&text[p.folded()])) && digits(&text[next.clone()]);
    !numeric_separator
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_words(doc: &Document) -> Vec<String> {
        doc.tokens.iter().map(|t| doc.original_word(t).to_string()).collect()
    }

    #[test]
    fn tokens_cover_original_words_with_diacritics() {
        let src = SourceFile::new("t", "قُتِلَ 120 شخصًا، في الحسـكة.");
        let doc = Document::new(&src);
        assert_eq!(doc_words(&doc), ["قُتِلَ", "120", "شخصًا", "في", "الحسـكة"]);
        assert_eq!(doc.folded_word(&doc.tokens[2]), "شخصا");
        assert!(doc.follows_space(1));
        assert!(!doc.follows_space(3), "a comma separates them");
    }

    #[test]
    fn paragraphs_and_sentences() {
        let src = SourceFile::new("t", "أول. ثان 3.5 جملة\n\n  فقرة ثانية  \n");
        let doc = Document::new(&src);
        assert_eq!(doc.paragraphs.len(), 2);
        assert_eq!(&src.text()[doc.paragraphs[1].clone()], "فقرة ثانية");
        let sentences: Vec<usize> = (0..doc.tokens.len()).map(|i| doc.sentence_of(i)).collect();
        assert_eq!(sentences, [0, 1, 1, 1, 1, 2, 2]);
        assert_eq!(doc.sentence_tokens(1), 1..5);
        assert_eq!(doc.sentence_tokens(2), 5..7);
        let paragraphs: Vec<usize> = (0..doc.tokens.len()).map(|i| doc.paragraph_of(i)).collect();
        assert_eq!(paragraphs, [0, 0, 0, 0, 0, 1, 1]);
        assert_eq!(doc.paragraph_tokens(1), 5..7);
        assert_eq!(doc.token_at_folded(doc.tokens[5].folded().start + 2), Some(5));
        assert_eq!(doc.token_at_folded(doc.tokens[0].folded().end), None);
    }

    #[test]
    fn a_paragraph_without_words_holds_no_tokens() {
        let src = SourceFile::new("t", "كلمة أولى\n\n— * —\n\nثانية. ثالثة");
        let doc = Document::new(&src);
        assert_eq!(doc.paragraphs.len(), 3);
        assert_eq!(doc.paragraph_tokens(0), 0..2);
        assert!(doc.paragraph_tokens(1).is_empty());
        assert_eq!(doc.paragraph_tokens(2), 2..4);
        assert_eq!(doc.paragraph_of(2), 2, "not the empty paragraph before it");
        assert_eq!(doc.sentence_of(2), 1, "a new paragraph starts a sentence");
        assert_eq!(doc.sentence_of(3), 2);
        assert!(!doc.follows_space(2), "the first word of a paragraph follows no space");
        assert!(doc.follows_space(1));
        assert!(!doc.follows_space(4), "past the last token");
        // A wordless paragraph after the last word.
        let src = SourceFile::new("t", "كلمة\n\n— * —");
        let doc = Document::new(&src);
        assert_eq!(doc.paragraphs.len(), 2);
        assert_eq!(doc.paragraph_tokens(0), 0..1);
        assert_eq!(doc.paragraph_tokens(1), 1..1);
        assert_eq!(doc.paragraph_of(0), 0);
    }

    #[test]
    fn words_inside_one_ligature_cover_it() {
        // Found by the `document` fuzz target.
        let text = "H\0H\u{643}\u{1b}\0\u{FDFB}\n\0\u{643}";
        let src = SourceFile::new("t", text);
        let doc = Document::new(&src);
        for token in &doc.tokens {
            let span = token.span();
            assert!(span.start < span.end && span.end <= text.len(), "{token:?}");
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
        let ligature: Vec<_> = doc
            .tokens
            .iter()
            .filter(|t| doc.original_word(t) == "\u{FDFB}")
            .collect();
        assert_eq!(ligature.len(), 2, "جل and جلاله");
    }

    proptest::proptest! {
        #[test]
        fn a_document_built_in_pieces_is_the_document_built_whole(
            text in "([ \n\t\u{200F}\u{64E}\u{FDFB}أبة٣3.،a]{0,5}){0,60}",
            piece_len in 0usize..24,
            cut_every in 1usize..40,
        ) {
            let src = SourceFile::new("t", text.clone());
            // HTML pages also end paragraphs at their block elements.
            let breaks: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(cut_every).skip(1).collect();
            for breaks in [&[][..], &breaks] {
                let whole = Document::in_pieces(&src, breaks, None);
                let pieces = Document::in_pieces(&src, breaks, Some(piece_len));
                proptest::prop_assert_eq!(&pieces.folded, &whole.folded);
                proptest::prop_assert_eq!(&pieces.tokens, &whole.tokens);
                proptest::prop_assert_eq!(&pieces.paragraphs, &whole.paragraphs);
                proptest::prop_assert_eq!(&pieces.paragraph_starts, &whole.paragraph_starts);
                proptest::prop_assert_eq!(&pieces.sentence_starts, &whole.sentence_starts);
                proptest::prop_assert_eq!(&pieces.follows_space, &whole.follows_space);
                proptest::prop_assert_eq!(&pieces.arabic_word, &whole.arabic_word);
                proptest::prop_assert_eq!(&pieces.numeral, &whole.numeral);
                for (i, token) in whole.tokens.iter().enumerate() {
                    let word = whole.folded_word(token);
                    proptest::prop_assert_eq!(whole.is_arabic_word(i), word.chars().all(is_arabic_letter));
                    proptest::prop_assert_eq!(whole.has_numeral(i), word.chars().any(char::is_numeric));
                }
            }
        }
    }

    #[test]
    fn a_big_text_is_cut_at_paragraphs_where_folding_starts_afresh() {
        let text = "أول فقرة\n\n\u{200F}ثانية\n\nثالثة. جملة\n\nرابعة";
        let paragraphs = paragraphs(text);
        let cuts: Vec<_> = pieces(text, &paragraphs, 1)
            .into_iter()
            .map(|p| (p.original, p.paragraphs))
            .collect();
        let third = text.find("ثالثة").unwrap();
        let fourth = text.find("رابعة").unwrap();
        assert_eq!(
            cuts,
            [(0..third, 0..2), (third..fourth, 2..3), (fourth..text.len(), 3..4)],
            "not before a mark: a whitespace run could go on through it"
        );
        let src = SourceFile::new("t", text);
        let doc = Document::in_pieces(&src, &[], Some(1));
        assert_eq!(doc.paragraph_tokens(3), 5..6);
        assert_eq!(doc.sentence_of(5), 4);
        assert!(!doc.follows_space(3), "the first word of a piece follows no space");
        assert!(doc.follows_space(1));
    }

    /// The classes read from bytes are those of the characters.
    #[test]
    fn characters_are_classed_by_their_bytes_as_decoded() {
        for c in '\0'..='\u{7F}' {
            assert_eq!(CLASS_TABLE[c as usize], CharClass::of(c), "{c:?}");
        }
        for c in '\u{0600}'..='\u{06FF}' {
            let offset = arabic_block_offset(c.to_string().as_bytes(), 0).unwrap();
            assert_eq!(CLASS_TABLE[0x80 + offset], CharClass::of(c), "{c:?}");
        }
    }

    #[test]
    fn a_run_longer_than_a_word_is_cut_into_words() {
        // 20,000 two-byte letters and a three-byte one at the first cut.
        let run = format!("{}\u{0800}{}", "ب".repeat(MAX_WORD_LEN / 2 - 1), "ب".repeat(20_000));
        let text = format!("قبل {run} بعد");
        let src = SourceFile::new("t", text.clone());
        let doc = Document::new(&src);
        let words = doc_words(&doc);
        assert_eq!(words.first().map(String::as_str), Some("قبل"));
        assert_eq!(words.last().map(String::as_str), Some("بعد"));
        assert_eq!(
            words[1..words.len() - 1].concat(),
            run,
            "the words cover the run, in order"
        );
        for token in &doc.tokens {
            assert!(token.folded().len() <= MAX_WORD_LEN, "{token:?}");
            assert!(text.is_char_boundary(token.span().end));
        }
        assert_eq!(
            doc.tokens[1].folded().len(),
            MAX_WORD_LEN - 2,
            "the 3-byte letter waits for the next"
        );
        assert!(!doc.follows_space(2), "a cut is not a space");
        let arabic: Vec<bool> = (0..doc.tokens.len()).map(|i| doc.is_arabic_word(i)).collect();
        assert_eq!(
            arabic[1..4],
            [true, false, true],
            "a word cut from a run is judged on its own letters"
        );
        assert!(!doc.has_numeral(2));
    }

    #[test]
    fn a_word_with_more_marks_than_a_span_holds_ends_at_a_character() {
        let text = format!("ب{} ت", "\u{64E}".repeat(40_000));
        let src = SourceFile::new("t", text.clone());
        let doc = Document::new(&src);
        assert_eq!(doc.tokens.len(), 2);
        let span = doc.tokens[0].span();
        assert_eq!(span.start, 0);
        assert!(span.len() <= usize::from(u16::MAX) && span.len() > usize::from(u16::MAX) - 2);
        assert!(text.is_char_boundary(span.end));
        assert_eq!(doc.folded_word(&doc.tokens[0]), "ب");
        assert_eq!(doc.original_word(&doc.tokens[1]), "ت");
    }

    #[test]
    fn empty_text() {
        let src = SourceFile::new("t", "");
        let doc = Document::new(&src);
        assert!(doc.tokens.is_empty());
        assert!(doc.paragraphs.is_empty());
    }
}
