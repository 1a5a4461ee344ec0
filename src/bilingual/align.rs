//! Pairing the paragraphs (or lines) of an original with those of its
//! translation.
//!
//! Equal counts are the easy case, but translators merge, split and drop
//! paragraphs. The pairing is a dynamic-programming alignment in the manner
//! of Gale and Church: each pair costs what its length ratio is unlikely to
//! be under the ratio measured on professional English→Arabic news, less
//! what its anchors (numbers, URLs, Latin words) share; a paragraph left
//! without a partner costs a fixed penalty, and merging two costs a little.
//! A dropped paragraph therefore becomes one unpaired paragraph, not a shift
//! that makes every later pair wrong.

use std::collections::HashSet;
use std::ops::Range;

/// Mean and spread of ln(Arabic letters / English letters) per aligned
/// line, measured on NTREX-128, FLORES-200 and TICO-19 (lines of 40 letters
/// or more): means −0.07, −0.14, −0.10; standard deviations 0.17, 0.15, 0.17.
pub const LOG_RATIO_MEAN: f64 = -0.10;
pub const LOG_RATIO_SD: f64 = 0.17;

/// One step of the alignment: source and target segments that translate
/// each other (either side may be missing: a dropped or an added segment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// Byte range in the original, covering one or two segments.
    pub en: Option<Range<usize>>,
    /// Byte range in the translation.
    pub ar: Option<Range<usize>>,
}

/// The segments of a text: paragraphs separated by blank lines or, when
/// `lines` is set, every non-blank line. Ranges are trimmed.
pub fn segments(text: &str, lines: bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let blank = body.trim().is_empty();
        if (blank || lines)
            && let Some(s) = start.take()
        {
            out.push(s..end);
        }
        // In a line-aligned file an empty line is a segment too (an
        // untranslated one, or an empty original), so line numbers stay
        // paired.
        if blank && lines {
            out.push(offset..offset);
        }
        if !blank {
            let lead = body.len() - body.trim_start().len();
            if start.is_none() {
                start = Some(offset + lead);
            }
            end = offset + body.trim_end().len();
            if lines {
                out.push(start.take().expect("just set")..end);
            }
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push(s..end);
    }
    // Blank lines at the end separate nothing; in line mode they are lines
    // (see `Bilingual::align`, which decides how many count).
    while !lines && out.last().is_some_and(|r| r.is_empty()) {
        out.pop();
    }
    out
}

/// Whether a pair of texts is segmented by line: the original does not
/// separate paragraphs by blank lines (one segment per line, as aligned
/// corpora and exports are written). The translation follows the original:
/// an empty line in it is an untranslated line, not a paragraph break.
pub fn line_mode(original: &str, _translation: &str) -> bool {
    segments(original, false).len() <= 1
}

/// What a segment offers the aligner.
struct Features {
    letters: f64,
    anchors: HashSet<String>,
}

fn features(text: &str) -> Features {
    let letters = text.chars().filter(|&c| crate::arabic::script::is_word_char(c)).count() as f64;
    let mut anchors = HashSet::new();
    let mut word = String::new();
    let chars: Vec<char> = text.chars().chain(std::iter::once(' ')).collect();
    for (i, &c) in chars.iter().enumerate() {
        // 3,500 and ٣٬٥٠٠ are one anchor, written 3500.
        let digit = |c: Option<&char>| c.is_some_and(|c| c.is_ascii_digit() || matches!(c, '٠'..='٩'));
        if matches!(c, ',' | '٬') && digit(i.checked_sub(1).and_then(|p| chars.get(p))) && digit(chars.get(i + 1)) {
            continue;
        }
        if c.is_ascii_alphanumeric() || matches!(c, '٠'..='٩') {
            word.push(match c {
                '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
                _ => c,
            });
            continue;
        }
        if word.chars().any(|c| c.is_ascii_digit()) || word.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
            anchors.insert(word.to_ascii_lowercase());
        }
        word.clear();
    }
    Features { letters, anchors }
}

const SKIP: f64 = 5.0;
const LENGTH_COST_CAP: f64 = 6.0;
const MERGE: f64 = 3.0;

fn pair_cost(en: &[&Features], ar: &[&Features]) -> f64 {
    let le: f64 = en.iter().map(|f| f.letters).sum::<f64>().max(1.0);
    let la: f64 = ar.iter().map(|f| f.letters).sum::<f64>().max(1.0);
    let z = (libm::log(la / le) - LOG_RATIO_MEAN) / LOG_RATIO_SD;
    // Short segments say little through their length.
    let weight = (le.min(la) / 40.0).min(1.0);
    let en_anchors: HashSet<&String> = en.iter().flat_map(|f| &f.anchors).collect();
    let ar_anchors: HashSet<&String> = ar.iter().flat_map(|f| &f.anchors).collect();
    let shared = en_anchors.intersection(&ar_anchors).count() as f64;
    let unshared = (en_anchors.len() + ar_anchors.len()) as f64 - 2.0 * shared;
    // Capped below two skips: a pair however unlikely in length is still a
    // better reading than an original and a translation that share nothing.
    (weight * z * z / 2.0).min(LENGTH_COST_CAP) + 0.3 * unshared.min(10.0) - 1.5 * shared.min(5.0)
}

/// Aligns the segments of the original (`en`) with those of the
/// translation (`ar`).
pub fn align(en_text: &str, en: &[Range<usize>], ar_text: &str, ar: &[Range<usize>]) -> Vec<Pair> {
    let (n, m) = (en.len(), ar.len());
    // Equal counts pair one to one: a translator who dropped one paragraph
    // and added another is rarer than an aligner that guesses wrong.
    if n == m {
        return en
            .iter()
            .zip(ar)
            .map(|(e, a)| Pair {
                en: Some(e.clone()),
                ar: Some(a.clone()),
            })
            .collect();
    }
    let ef: Vec<Features> = en.iter().map(|r| features(&en_text[r.clone()])).collect();
    let af: Vec<Features> = ar.iter().map(|r| features(&ar_text[r.clone()])).collect();
    // Only cells near the diagonal can be on a sensible path.
    let band = 20 + n.abs_diff(m);
    let near = |i: usize, j: usize| {
        let expected = (i * m).checked_div(n).unwrap_or(0);
        expected.abs_diff(j) <= band
    };
    const INF: f64 = f64::INFINITY;
    let mut cost = vec![vec![INF; m + 1]; n + 1];
    let mut back = vec![vec![(0usize, 0usize); m + 1]; n + 1];
    cost[0][0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            if (i, j) == (0, 0) || !near(i, j) {
                continue;
            }
            let mut best = (INF, (0, 0));
            let mut consider = |di: usize, dj: usize, step: f64| {
                if i >= di && j >= dj && cost[i - di][j - dj] < INF {
                    let total = cost[i - di][j - dj] + step;
                    if total < best.0 {
                        best = (total, (di, dj));
                    }
                }
            };
            if i >= 1 && j >= 1 {
                consider(1, 1, pair_cost(&[&ef[i - 1]], &[&af[j - 1]]));
            }
            consider(1, 0, SKIP);
            consider(0, 1, SKIP);
            if i >= 2 && j >= 1 {
                consider(2, 1, MERGE + pair_cost(&[&ef[i - 2], &ef[i - 1]], &[&af[j - 1]]));
            }
            if i >= 1 && j >= 2 {
                consider(1, 2, MERGE + pair_cost(&[&ef[i - 1]], &[&af[j - 2], &af[j - 1]]));
            }
            cost[i][j] = best.0;
            back[i][j] = best.1;
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while (i, j) != (0, 0) {
        let (di, dj) = back[i][j];
        if (di, dj) == (0, 0) {
            // Outside the band (cannot happen: the band always holds the
            // corner); pair what is left one to one.
            break;
        }
        let span =
            |segs: &[Range<usize>], from: usize, to: usize| (from < to).then(|| segs[from].start..segs[to - 1].end);
        pairs.push(Pair {
            en: span(en, i - di, i),
            ar: span(ar, j - dj, j),
        });
        i -= di;
        j -= dj;
    }
    pairs.reverse();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(pairs: &[Pair], en: &str, ar: &str) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|p| {
                (
                    p.en.clone().map_or(String::new(), |r| en[r].to_string()),
                    p.ar.clone().map_or(String::new(), |r| ar[r].to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn paragraphs_and_lines() {
        let text = "  one\ntwo\n\n\nthree  \n";
        assert_eq!(
            segments(text, false)
                .iter()
                .map(|r| &text[r.clone()])
                .collect::<Vec<_>>(),
            ["one\ntwo", "three"]
        );
        assert_eq!(
            segments(text, true)
                .iter()
                .map(|r| &text[r.clone()])
                .collect::<Vec<_>>(),
            ["one", "two", "", "", "three"]
        );
        assert!(line_mode("a\nb\n", "أ\nب\n"));
        assert!(line_mode("a\n", "أ\n"));
        assert!(!line_mode("a\n\nb\n", "أ\n\nب\n"));
    }

    const EN: &str = "The attack on Ghwayran prison began on 20 January.\n\nAbout 3,500 prisoners were held there, the SDF said.\n\nThe US-led coalition carried out air strikes on 21 January.\n\nMazloum Abdi said 120 fighters were killed.\n";

    #[test]
    fn a_dropped_paragraph_is_one_gap() {
        let ar = "بدأ الهجوم على سجن غويران في 20 كانون الثاني.\n\nونفذ التحالف بقيادة الولايات المتحدة غارات جوية في 21 كانون الثاني.\n\nوقال مظلوم عبدي إن 120 مقاتلا قتلوا.\n";
        let pairs = align(EN, &segments(EN, false), ar, &segments(ar, false));
        let shown = texts(&pairs, EN, ar);
        assert_eq!(pairs.len(), 4, "{shown:#?}");
        assert!(pairs[1].ar.is_none(), "{shown:#?}");
        assert!(shown[2].0.contains("coalition") && shown[2].1.contains("التحالف"));
        assert!(shown[3].0.contains("Mazloum") && shown[3].1.contains("مظلوم"));
    }

    #[test]
    fn merged_paragraphs_pair_two_to_one() {
        let ar = "بدأ الهجوم على سجن غويران في 20 كانون الثاني. وكان نحو 3500 سجين محتجزين هناك بحسب قسد.\n\nونفذ التحالف بقيادة الولايات المتحدة غارات جوية في 21 كانون الثاني.\n\nوقال مظلوم عبدي إن 120 مقاتلا قتلوا.\n";
        let pairs = align(EN, &segments(EN, false), ar, &segments(ar, false));
        let shown = texts(&pairs, EN, ar);
        assert_eq!(pairs.len(), 3, "{shown:#?}");
        assert!(
            shown[0].0.contains("Ghwayran") && shown[0].0.contains("3,500"),
            "{shown:#?}"
        );
    }

    #[test]
    fn equal_counts_pair_one_to_one() {
        let ar = "بدأ الهجوم على سجن غويران في 20 كانون الثاني.\n\nوكان نحو 3500 سجين محتجزين هناك بحسب قسد.\n\nونفذ التحالف بقيادة الولايات المتحدة غارات جوية في 21 كانون الثاني.\n\nوقال مظلوم عبدي إن 120 مقاتلا قتلوا.\n";
        let pairs = align(EN, &segments(EN, false), ar, &segments(ar, false));
        assert_eq!(pairs.len(), 4);
        assert!(pairs.iter().all(|p| p.en.is_some() && p.ar.is_some()));
    }
}
