//! A discriminative occupation model: one-vs-rest linear SVMs (L2-regularised squared hinge,
//! trained by dual coordinate descent as in LIBLINEAR) over TF-IDF character and word n-grams
//! of the folded title.
//!
//! Why a second model next to the coder's Naive Bayes: character n-grams see through the
//! misspellings and run-together words that fill real ads ("graphic disigner", "adminstaff"),
//! and a discriminative fit learns which words *separate* neighbouring units rather than which
//! words are common in each. It reads the title as written, not through the lexicon, so a
//! lexicon merge ("chef" → "cook") cannot carry one unit's labels onto another.
//!
//! Trained by `listraf train-coder` from the labelled titles plus the taxonomy labels (KBJI
//! titles are left out so the KBJI held-out evaluation stays honest), shipped pruned in
//! `data/linear.tsv` and `data/linear_id.tsv`. The same model over word n-grams only reads
//! ad descriptions (`data/description_id.tsv`).

use std::collections::HashMap;

use crate::keys::{Fnv, KeyMap};
use crate::normalise::fold;

/// Regularisation (LIBLINEAR's C), chosen by 5-fold cross-validation on the labelled titles.
/// It is at its best for the Indonesian title model too (Indonesian 5-fold cross-validation,
/// first candidate right: 68.1 % at 0.1, 68.7 % at 0.4, against 68.9 % at 0.2).
pub const C: f32 = 0.2;
/// Weights smaller than this are dropped (in cross-validation as in the shipped model): it
/// keeps the file small, and 0.02 → 0.05 moved cross-validated accuracy by under a point's tenth.
pub const PRUNE_BELOW: f32 = 0.05;
const MAX_EPOCHS: usize = 200;
/// LIBLINEAR's default stopping tolerance for the dual solvers; tighter changed nothing
/// measurable in cross-validation.
const TOLERANCE: f32 = 0.1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Block {
    Char,
    Word,
}

impl Block {
    fn tag(self) -> &'static str {
        match self {
            Block::Char => "c",
            Block::Word => "w",
        }
    }
}

/// Calls `f` with every feature of a folded title, as characters: character n-grams (2–5, within
/// words padded by a space each side) and word uni- and bigrams. The whole title, not only
/// its job part: what sits in brackets or after a dash ("Technician - Electrical",
/// "(Mandarin speaker)") separates units more often than it misleads (1.3 points of
/// cross-validated accuracy).
/// With `chars` false, only the words: for long texts (descriptions), whose words say enough
/// and whose character n-grams would cost twenty times the lookups.
fn visit(folded: &str, chars: bool, mut f: impl FnMut(Block, &[char], u64, bool)) {
    let words: Vec<&str> = crate::normalise::words(folded).collect();
    let mut buf: Vec<char> = Vec::with_capacity(32);
    let char_words: &[&str] = if chars { &words } else { &[] };
    for w in char_words {
        buf.clear();
        buf.push(' ');
        buf.extend(w.chars());
        buf.push(' ');
        // Every n-gram from one start shares its key's prefix: one pass per start position.
        for s in 0..buf.len() {
            let mut h = key_start(Block::Char);
            for e in s..buf.len().min(s + 5) {
                h = key_feed(h, buf[e]);
                if e > s {
                    f(Block::Char, &buf[s..=e], h.finish(), false);
                }
            }
        }
        if buf.len() < 5 {
            // A short word counts once more, whole, as if it were a longer word's 5-gram.
            f(Block::Char, &buf, key(Block::Char, &buf), false);
        }
    }
    visit_words(&words, &mut buf, |c, k, unigram| {
        f(Block::Word, c, k, unigram)
    });
}

/// The word part of [`visit`]: each word, then each pair of neighbours.
fn visit_words(words: &[&str], buf: &mut Vec<char>, mut f: impl FnMut(&[char], u64, bool)) {
    for w in words {
        buf.clear();
        buf.extend(w.chars());
        f(buf, key(Block::Word, buf), true);
    }
    for p in words.windows(2) {
        bigram(p[0], p[1], buf, &mut f);
    }
}

fn bigram(a: &str, b: &str, buf: &mut Vec<char>, f: &mut impl FnMut(&[char], u64, bool)) {
    buf.clear();
    buf.extend(a.chars());
    buf.push(' ');
    buf.extend(b.chars());
    f(buf, key(Block::Word, buf), false);
}

/// A feature's key: FNV-1a over its block and characters. Scoring hashes instead of
/// building a string per n-gram; 64 bits make a collision among a few hundred thousand
/// features vanishingly unlikely.
fn key(block: Block, chars: &[char]) -> u64 {
    chars
        .iter()
        .fold(key_start(block), |h, &c| key_feed(h, c))
        .finish()
}

fn key_start(block: Block) -> Fnv {
    Fnv::default().byte(block as u8)
}

fn key_feed(h: Fnv, c: char) -> Fnv {
    h.bytes(&(c as u32).to_le_bytes())
}

/// A title's features with their counts: (key, block, count), sorted by key; and the keys
/// of its words; showing `seen` every feature's text (training keeps the names).
fn raw_features_seeing(
    folded: &str,
    chars: bool,
    mut seen: impl FnMut(Block, &[char], u64),
) -> (Vec<(u64, Block, u32)>, Vec<u64>) {
    let mut keys: Vec<(u64, Block)> = Vec::with_capacity(96);
    let mut words = Vec::new();
    visit(folded, chars, |b, c, k, unigram| {
        seen(b, c, k);
        keys.push((k, b));
        if unigram {
            words.push(k);
        }
    });
    keys.sort_unstable_by_key(|k| k.0);
    let mut out: Vec<(u64, Block, u32)> = Vec::with_capacity(keys.len());
    for (k, b) in keys {
        match out.last_mut() {
            Some(last) if last.0 == k => last.2 += 1,
            _ => out.push((k, b, 1)),
        }
    }
    (out, words)
}

/// A sparse vector: (feature id, value), each block L2-normalised.
type Row = Vec<(u32, f32)>;

/// Sublinear TF-IDF, each block normalised to unit length so that neither the many character
/// n-grams nor the few words dominate.
fn vectorise(raw: &[(u64, Block, u32)], lookup: impl Fn(u64) -> Option<(u32, f32)>) -> Row {
    let mut row: Vec<(u32, f32, Block)> = raw
        .iter()
        .filter_map(|&(k, block, tf)| {
            let (id, idf) = lookup(k)?;
            Some((id, tf_idf(tf, idf), block))
        })
        .collect();
    normalise_blocks(&mut row);
    row.sort_by_key(|x| x.0);
    row.into_iter().map(|(i, v, _)| (i, v)).collect()
}

/// Sublinear term frequency times inverse document frequency.
fn tf_idf(tf: u32, idf: f32) -> f32 {
    (1.0 + (tf as f32).ln()) * idf
}

/// Scales each block's values to unit length (a block of zeros stays as it is); each norm is
/// summed in the row's order.
fn normalise_blocks(row: &mut [(u32, f32, Block)]) {
    let mut norms = [0f32; 2];
    for &(_, v, block) in row.iter() {
        norms[block as usize] += v * v;
    }
    let norms = norms.map(f32::sqrt);
    for (_, v, block) in row.iter_mut() {
        let norm = norms[*block as usize];
        if norm > 0.0 {
            *v /= norm;
        }
    }
}

/// A trained (and pruned) model.
#[derive(Debug, Clone, Default)]
pub struct LinearModel {
    /// ISCO-08 unit values, in class order.
    pub classes: Vec<u16>,
    bias: Vec<f32>,
    /// feature key → what scoring needs of the feature, in the one place a lookup reads
    vocab: KeyMap<Known>,
    /// per feature id: its block and text (for the text form)
    names: Vec<(Block, String)>,
    /// per feature id: (class position, weight)
    weights: Weights,
    /// Word uni- and bigrams only, no character n-grams (see [`LinearModel::train_words`]).
    words_only: bool,
}

/// A feature as the vocabulary holds it: its id, its idf and where its weights lie in
/// [`Weights::flat`]. Scoring waits on memory more than on arithmetic, so the range sits
/// beside the idf, read with the lookup, rather than in [`Weights::offsets`], one more
/// dependent read per n-gram (which training and the text form still use).
#[derive(Debug, Clone, Copy)]
struct Known {
    id: u32,
    idf: f32,
    start: u32,
    end: u32,
}

impl Known {
    fn id_idf(&self) -> (u32, f32) {
        (self.id, self.idf)
    }
}

/// Per feature, its (class position, weight) pairs, all in one array: scoring walks a
/// hundred features per title, and one allocation each would cost a cache miss each.
#[derive(Debug, Clone)]
struct Weights {
    /// Feature id → start in `flat`; one more entry than features.
    offsets: Vec<u32>,
    flat: Vec<(u16, f32)>,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            offsets: vec![0],
            flat: Vec::new(),
        }
    }
}

impl Weights {
    fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    fn get(&self, id: usize) -> &[(u16, f32)] {
        &self.flat[self.offsets[id] as usize..self.offsets[id + 1] as usize]
    }

    /// Appends the next feature's weights and gives their range.
    fn push(&mut self, ws: &[(u16, f32)]) -> (u32, u32) {
        let start = self.flat.len() as u32;
        self.flat.extend_from_slice(ws);
        self.offsets.push(self.flat.len() as u32);
        (start, self.flat.len() as u32)
    }
}

/// One training example.
pub struct Example<'a> {
    pub title: &'a str,
    pub unit: u16,
    /// Relative weight in the loss (labelled vacancy titles 1, taxonomy labels less).
    pub weight: f32,
}

impl LinearModel {
    /// Trains one-vs-rest SVMs on `examples`, using up to `threads` threads.
    pub fn train(examples: &[Example<'_>], threads: usize) -> LinearModel {
        LinearModel::train_features(examples, threads, false)
    }

    /// [`LinearModel::train`] over word uni- and bigrams only: for long texts such as ad
    /// descriptions, where character n-grams add little and cost much.
    pub fn train_words(examples: &[Example<'_>], threads: usize) -> LinearModel {
        LinearModel::train_features(examples, threads, true)
    }

    fn train_features(examples: &[Example<'_>], threads: usize, words_only: bool) -> LinearModel {
        let mut text: HashMap<u64, (Block, String)> = HashMap::new();
        let raws: Vec<Vec<(u64, Block, u32)>> = examples
            .iter()
            .map(|e| {
                raw_features_seeing(&fold(e.title), !words_only, |b, c, k| {
                    text.entry(k).or_insert_with(|| (b, c.iter().collect()));
                })
                .0
            })
            .collect();
        // Document frequencies per feature, then smoothed IDF as in common TF-IDF practice.
        let mut df: HashMap<u64, u32> = HashMap::new();
        for r in &raws {
            for f in r {
                *df.entry(f.0).or_default() += 1;
            }
        }
        let n_docs = raws.len() as f32;
        let mut feats: Vec<(u64, u32)> = df.into_iter().collect();
        feats.sort_unstable();
        // No weights yet: `without_empty_features` gives every feature its range.
        let vocab: KeyMap<Known> = feats
            .iter()
            .enumerate()
            .map(|(i, &(k, d))| {
                (
                    k,
                    Known {
                        id: i as u32,
                        idf: ((1.0 + n_docs) / (1.0 + d as f32)).ln() + 1.0,
                        start: 0,
                        end: 0,
                    },
                )
            })
            .collect();
        let names: Vec<(Block, String)> = feats
            .iter()
            .map(|(k, _)| text.remove(k).unwrap_or((Block::Word, String::new())))
            .collect();
        let n_features = vocab.len();
        // The bias is one more feature, always 1, regularised like the others.
        let bias_id = n_features as u32;
        let rows: Vec<Row> = raws
            .iter()
            .map(|r| {
                let mut row = vectorise(r, |k| vocab.get(&k).map(Known::id_idf));
                row.push((bias_id, 1.0));
                row
            })
            .collect();
        let mut classes: Vec<u16> = examples.iter().map(|e| e.unit).collect();
        classes.sort_unstable();
        classes.dedup();
        let class_of: HashMap<u16, u16> = classes
            .iter()
            .enumerate()
            .map(|(i, &u)| (u, i as u16))
            .collect();
        let labels: Vec<u16> = examples.iter().map(|e| class_of[&e.unit]).collect();
        let costs: Vec<f32> = examples.iter().map(|e| C * e.weight).collect();
        let sq_norms: Vec<f32> = rows
            .iter()
            .map(|r| r.iter().map(|x| x.1 * x.1).sum())
            .collect();

        let threads = threads.max(1);
        // Per class: the kept (feature, weight) pairs and the bias.
        let mut per_class: Vec<(Row, f32)> = vec![(Vec::new(), 0.0); classes.len()];
        let per = classes.len().div_ceil(threads).max(1);
        std::thread::scope(|s| {
            for (ci, chunk) in per_class.chunks_mut(per).enumerate() {
                let (rows, labels, costs, sq_norms) = (&rows, &labels, &costs, &sq_norms);
                s.spawn(move || {
                    let mut w = vec![0f32; n_features + 1];
                    for (k, out) in chunk.iter_mut().enumerate() {
                        let class = (ci * per + k) as u16;
                        train_binary(rows, labels, costs, sq_norms, class, &mut w);
                        let bias = w[n_features];
                        let kept: Vec<(u32, f32)> = w[..n_features]
                            .iter()
                            .enumerate()
                            .filter(|(_, v)| v.abs() >= PRUNE_BELOW)
                            .map(|(i, &v)| (i as u32, v))
                            .collect();
                        *out = (kept, bias);
                    }
                });
            }
        });

        let mut weights: Vec<Vec<(u16, f32)>> = vec![Vec::new(); n_features];
        let mut bias = Vec::with_capacity(classes.len());
        for (c, (kept, b)) in per_class.into_iter().enumerate() {
            bias.push(b);
            for (i, v) in kept {
                weights[i as usize].push((c as u16, v));
            }
        }
        let mut flat = Weights::default();
        for w in &weights {
            flat.push(w);
        }
        LinearModel {
            classes,
            bias,
            vocab,
            names,
            weights: flat,
            words_only,
        }
        .without_empty_features()
    }

    /// Drops features that no class weighs any more. Scoring normalises over the features
    /// kept, so the shipped file and a freshly trained model score alike.
    fn without_empty_features(self) -> LinearModel {
        let mut m = LinearModel {
            classes: self.classes,
            bias: self.bias,
            words_only: self.words_only,
            ..LinearModel::default()
        };
        let mut order: Vec<(u64, u32, f32)> =
            self.vocab.iter().map(|(&k, f)| (k, f.id, f.idf)).collect();
        order.sort_by_key(|x| x.1);
        for (k, id, idf) in order {
            let w = self.weights.get(id as usize);
            if !w.is_empty() {
                let kept = m.weights.len() as u32;
                let (start, end) = m.weights.push(w);
                m.vocab.insert(
                    k,
                    Known {
                        id: kept,
                        idf,
                        start,
                        end,
                    },
                );
                m.names.push(self.names[id as usize].clone());
            }
        }
        m
    }

    /// Decision values per class (aligned with `classes`), how many of the title's features
    /// the model knows, and the share of the title's words it knows.
    pub fn decisions(&self, title: &str) -> (Vec<f32>, usize, f32) {
        self.decisions_folded(&fold(title))
    }

    /// [`LinearModel::decisions`] of a title already folded.
    pub fn decisions_folded(&self, folded: &str) -> (Vec<f32>, usize, f32) {
        // Scoring looks each feature up as it is met and keeps the known ones only: one sort
        // (by id, which also orders the sums below) instead of one by key and one by id.
        // The same vector as `vectorise` gives, up to the order of its norms' sums.
        let mut known: Vec<(Known, Block)> = Vec::with_capacity(128);
        let (mut words, mut known_words) = (0usize, 0usize);
        visit(folded, !self.words_only, |block, _, k, unigram| {
            let hit = self.vocab.get(&k);
            if unigram {
                words += 1;
                known_words += hit.is_some() as usize;
            }
            if let Some(&f) = hit {
                known.push((f, block));
            }
        });
        self.decide_known(known, words, known_words)
    }

    /// Decisions from the known features met (in any order: equal ids carry equal entries),
    /// of `words` words of which `known_words` known.
    fn decide_known(
        &self,
        mut known: Vec<(Known, Block)>,
        words: usize,
        known_words: usize,
    ) -> (Vec<f32>, usize, f32) {
        let word_share = known_words as f32 / words.max(1) as f32;
        known.sort_unstable_by_key(|f| f.0.id);
        // (id, sublinear tf-idf, block), one per feature: a run of equal ids is its count;
        // and beside it, where the feature's weights lie.
        let mut ranges: Vec<(u32, u32)> = Vec::with_capacity(known.len());
        let mut row: Vec<(u32, f32, Block)> = known
            .chunk_by(|a, b| a.0.id == b.0.id)
            .map(|run| {
                let (f, block) = run[0];
                ranges.push((f.start, f.end));
                (f.id, tf_idf(run.len() as u32, f.idf), block)
            })
            .collect();
        normalise_blocks(&mut row);
        let mut d = self.bias.clone();
        for (&(_, v, _), &(start, end)) in row.iter().zip(&ranges) {
            for &(c, w) in &self.weights.flat[start as usize..end as usize] {
                d[c as usize] += v * w;
            }
        }
        (d, row.len(), word_share)
    }

    /// The same model with its decisions laid out for `targets` (ISCO units): position
    /// `j` decides for `targets[j]`, and a unit the model never learned gets `unseen` and no
    /// weights. A coder that reads decisions unit by unit then needs no class lookup; each
    /// known unit's decision is the same sum, in the same order, as before.
    pub fn for_units(&self, targets: &[u16], unseen: f32) -> LinearModel {
        let target: HashMap<u16, u16> = targets
            .iter()
            .enumerate()
            .map(|(j, &u)| (u, j as u16))
            .collect();
        let position: HashMap<u16, u16> = self
            .classes
            .iter()
            .enumerate()
            .filter_map(|(c, u)| Some((c as u16, *target.get(u)?)))
            .collect();
        let mut bias = vec![unseen; targets.len()];
        for (c, &b) in self.bias.iter().enumerate() {
            if let Some(&j) = position.get(&(c as u16)) {
                bias[j as usize] = b;
            }
        }
        let mut weights = Weights::default();
        let mut ranges = Vec::with_capacity(self.weights.len());
        let mut run = Vec::new();
        for id in 0..self.weights.len() {
            run.clear();
            run.extend(
                self.weights
                    .get(id)
                    .iter()
                    .filter_map(|&(c, w)| Some((*position.get(&c)?, w))),
            );
            ranges.push(weights.push(&run));
        }
        let vocab = self
            .vocab
            .iter()
            .map(|(&k, &f)| {
                let (start, end) = ranges[f.id as usize];
                (k, Known { start, end, ..f })
            })
            .collect();
        LinearModel {
            classes: targets.to_vec(),
            bias,
            vocab,
            names: self.names.clone(),
            weights,
            words_only: self.words_only,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// Number of stored (feature, class) weights.
    pub fn n_weights(&self) -> usize {
        self.weights.flat.len()
    }

    /// Text form: a header of classes and biases, then one line per feature:
    /// `block<TAB>text<TAB>idf<TAB>class:weight …` (weights in thousandths).
    pub fn to_tsv(&self) -> String {
        let mut out = String::from(if self.words_only {
            "# One-vs-rest linear SVM over word n-grams; built by `listraf train-coder`.\n#features\twords\n"
        } else {
            "# One-vs-rest linear SVM over character and word n-grams; built by `listraf train-coder`.\n"
        });
        out.push_str("#classes\t");
        out.push_str(
            &self
                .classes
                .iter()
                .map(|c| format!("{c:04}"))
                .collect::<Vec<_>>()
                .join(" "),
        );
        out.push_str("\n#bias\t");
        out.push_str(
            &self
                .bias
                .iter()
                .map(|b| format!("{:.0}", b * 1000.0))
                .collect::<Vec<_>>()
                .join(" "),
        );
        out.push('\n');
        let mut idf = vec![0f32; self.names.len()];
        for f in self.vocab.values() {
            idf[f.id as usize] = f.idf;
        }
        let mut order: Vec<usize> = (0..self.names.len()).collect();
        order.sort_by(|&a, &b| self.names[a].cmp(&self.names[b]));
        for id in order {
            let (block, text) = &self.names[id];
            let ws = self
                .weights
                .get(id)
                .iter()
                .map(|(c, w)| format!("{c}:{:.0}", w * 1000.0))
                .collect::<Vec<_>>()
                .join(" ");
            out.push_str(&format!("{}\t{text}\t{:.4}\t{ws}\n", block.tag(), idf[id]));
        }
        out
    }

    /// Reads [`LinearModel::to_tsv`]'s form; lines it cannot read are skipped.
    pub fn from_tsv(text: &str) -> LinearModel {
        let mut m = LinearModel::default();
        for line in text.lines() {
            let mut p = line.split('\t');
            let Some(head) = p.next() else { continue };
            match head {
                "#classes" => {
                    m.classes = p
                        .next()
                        .unwrap_or("")
                        .split(' ')
                        .filter_map(|c| c.parse().ok())
                        .collect()
                }
                "#features" => m.words_only = p.next() == Some("words"),
                "#bias" => {
                    m.bias = p
                        .next()
                        .unwrap_or("")
                        .split(' ')
                        .filter_map(|b| b.parse::<f32>().ok())
                        .map(|b| b / 1000.0)
                        .collect()
                }
                "c" | "w" => {
                    let block = if head == "c" {
                        Block::Char
                    } else {
                        Block::Word
                    };
                    let (Some(text), Some(idf), Some(ws)) = (p.next(), p.next(), p.next()) else {
                        continue;
                    };
                    let Ok(idf) = idf.parse::<f32>() else {
                        continue;
                    };
                    let ws: Vec<(u16, f32)> = ws
                        .split(' ')
                        .filter_map(|x| {
                            let (c, w) = x.split_once(':')?;
                            Some((c.parse().ok()?, w.parse::<f32>().ok()? / 1000.0))
                        })
                        .filter(|(c, _)| (*c as usize) < m.classes.len())
                        .collect();
                    let chars: Vec<char> = text.chars().collect();
                    let id = m.weights.len() as u32;
                    let (start, end) = m.weights.push(&ws);
                    m.vocab.insert(
                        key(block, &chars),
                        Known {
                            id,
                            idf,
                            start,
                            end,
                        },
                    );
                    m.names.push((block, text.to_string()));
                }
                _ => {}
            }
        }
        if m.bias.len() != m.classes.len() {
            return LinearModel::default();
        }
        m
    }
}

/// Two word models over one text, the second reading a prefix before it: the whole-ad model
/// reads the title, then what the description model reads. Read together, the shared text
/// is folded and split once and each of its features looked up once, in one map holding both
/// models' entries, which spares a full ad a tenth of its coding time. Each model's decisions
/// are the ones it gives alone on its own text (`prefix; text` for the second).
#[derive(Debug, Clone, Default)]
pub struct PrefixPair {
    plain: Option<LinearModel>,
    prefixed: Option<LinearModel>,
    /// Feature key → the plain model's entry and the prefixed one's ([`Known::ABSENT`] where
    /// one lacks it); empty unless both models are word models.
    both: KeyMap<[Known; 2]>,
}

impl Known {
    /// A feature one model of a [`PrefixPair`] does not know.
    const ABSENT: Known = Known {
        id: u32::MAX,
        idf: 0.0,
        start: 0,
        end: 0,
    };
}

impl PrefixPair {
    /// The text the prefixed model reads (and learns from): the prefix, then the text. The
    /// separator folds to a word break, which is what lets the pair read the two apart.
    pub fn joined(prefix: &str, text: &str) -> String {
        format!("{prefix}; {text}")
    }

    pub fn new(plain: Option<LinearModel>, prefixed: Option<LinearModel>) -> PrefixPair {
        let mut both: KeyMap<[Known; 2]> = KeyMap::default();
        if let (Some(a), Some(b)) = (&plain, &prefixed)
            && a.words_only
            && b.words_only
        {
            for (i, m) in [a, b].into_iter().enumerate() {
                for (&k, &f) in &m.vocab {
                    both.entry(k).or_insert([Known::ABSENT; 2])[i] = f;
                }
            }
        }
        PrefixPair {
            plain,
            prefixed,
            both,
        }
    }

    /// The plain model's decisions on `text` and the prefixed model's on `prefix; text`, each
    /// where the model knows a feature of its text.
    pub fn decisions(&self, prefix: &str, text: &str) -> [Option<Vec<f32>>; 2] {
        let alone = |m: &LinearModel, t: &str| {
            let (d, known, _) = m.decisions(t);
            (known > 0).then_some(d)
        };
        let (a, b) = match (&self.plain, &self.prefixed) {
            (Some(a), Some(b)) if !self.both.is_empty() => (a, b),
            // Not two word models: each reads on its own.
            (a, b) => {
                return [
                    a.as_ref().and_then(|a| alone(a, text)),
                    b.as_ref()
                        .and_then(|b| alone(b, &PrefixPair::joined(prefix, text))),
                ];
            }
        };
        let (folded_text, folded_prefix) = (fold(text), fold(prefix));
        let text_words: Vec<&str> = crate::normalise::words(&folded_text).collect();
        let prefix_words: Vec<&str> = crate::normalise::words(&folded_prefix).collect();
        let mut known: [Vec<(Known, Block)>; 2] = [
            Vec::with_capacity(2 * text_words.len()),
            Vec::with_capacity(2 * (text_words.len() + prefix_words.len())),
        ];
        // Words seen and known, per model.
        let mut counts = [(0usize, 0usize); 2];
        let mut buf: Vec<char> = Vec::with_capacity(32);
        visit_words(&text_words, &mut buf, |_, k, unigram| {
            let hit = self.both.get(&k);
            for (i, kn) in known.iter_mut().enumerate() {
                let f = hit.map(|h| h[i]).filter(|f| f.id != Known::ABSENT.id);
                if unigram {
                    counts[i].0 += 1;
                    counts[i].1 += f.is_some() as usize;
                }
                if let Some(f) = f {
                    kn.push((f, Block::Word));
                }
            }
        });
        // The prefixed model's own features: the prefix's words and pairs, and the pair
        // across the join.
        let mut own = |_: &[char], k: u64, unigram: bool| {
            let hit = b.vocab.get(&k);
            if unigram {
                counts[1].0 += 1;
                counts[1].1 += hit.is_some() as usize;
            }
            if let Some(&f) = hit {
                known[1].push((f, Block::Word));
            }
        };
        visit_words(&prefix_words, &mut buf, &mut own);
        if let (Some(last), Some(first)) = (prefix_words.last(), text_words.first()) {
            bigram(last, first, &mut buf, &mut own);
        }
        let [ka, kb] = known;
        let decide = |m: &LinearModel, kn: Vec<(Known, Block)>, (w, kw): (usize, usize)| {
            let (d, n, _) = m.decide_known(kn, w, kw);
            (n > 0).then_some(d)
        };
        [decide(a, ka, counts[0]), decide(b, kb, counts[1])]
    }
}

/// Dual coordinate descent for one class against the rest (LIBLINEAR's L2-loss SVC solver,
/// with its shrinking). `w` is scratch space, left holding the weights.
fn train_binary(
    rows: &[Row],
    labels: &[u16],
    costs: &[f32],
    sq_norms: &[f32],
    class: u16,
    w: &mut [f32],
) {
    w.iter_mut().for_each(|x| *x = 0.0);
    let l = rows.len();
    let y: Vec<f32> = labels
        .iter()
        .map(|&c| if c == class { 1.0 } else { -1.0 })
        .collect();
    let diag: Vec<f32> = costs.iter().map(|c| 0.5 / c).collect();
    let q: Vec<f32> = (0..l).map(|i| sq_norms[i] + diag[i]).collect();
    let mut alpha = vec![0f32; l];
    let mut index: Vec<usize> = (0..l).collect();
    let mut active = l;
    // Only the upper bound matters: the squared hinge has no upper bound on α.
    let mut pg_max_old = f32::INFINITY;
    // A fixed-seed shuffle: training is deterministic, so `train-coder` is reproducible.
    let mut rng: u64 = 0x2545F4914F6CDD1D ^ class as u64;
    let mut next = move |n: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n as u64) as usize
    };
    for _ in 0..MAX_EPOCHS {
        let (mut pg_max, mut pg_min) = (f32::NEG_INFINITY, f32::INFINITY);
        for i in 0..active {
            let j = i + next(active - i);
            index.swap(i, j);
        }
        let mut s = 0;
        while s < active {
            let i = index[s];
            let row = &rows[i];
            let dot: f32 = row.iter().map(|&(f, v)| w[f as usize] * v).sum();
            let g = y[i] * dot - 1.0 + alpha[i] * diag[i];
            let mut pg = 0.0;
            if alpha[i] == 0.0 {
                if g > pg_max_old {
                    active -= 1;
                    index.swap(s, active);
                    continue;
                } else if g < 0.0 {
                    pg = g;
                }
            } else {
                pg = g;
            }
            pg_max = pg_max.max(pg);
            pg_min = pg_min.min(pg);
            if pg.abs() > 1e-12 {
                let old = alpha[i];
                alpha[i] = (alpha[i] - g / q[i]).max(0.0);
                let d = (alpha[i] - old) * y[i];
                for &(f, v) in row {
                    w[f as usize] += d * v;
                }
            }
            s += 1;
        }
        if pg_max - pg_min <= TOLERANCE {
            if active == l {
                break;
            }
            active = l;
            pg_max_old = f32::INFINITY;
            continue;
        }
        pg_max_old = if pg_max <= 0.0 { f32::INFINITY } else { pg_max };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples<'a>(data: &'a [(&'a str, u16)]) -> Vec<Example<'a>> {
        data.iter()
            .map(|&(title, unit)| Example {
                title,
                unit,
                weight: 1.0,
            })
            .collect()
    }

    fn toy() -> LinearModel {
        let data = [
            ("tukang las", 7212),
            ("welder", 7212),
            ("welder smaw", 7212),
            ("juru masak", 5120),
            ("cook", 5120),
            ("kitchen cook", 5120),
            ("kasir", 5230),
            ("cashier", 5230),
            ("cashier retail", 5230),
        ];
        LinearModel::train(&examples(&data), 2)
    }

    fn best(m: &LinearModel, title: &str) -> u16 {
        let (d, _, _) = m.decisions(title);
        let i = d
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|x| x.0)
            .unwrap_or(0);
        m.classes[i]
    }

    /// Both models know the same features of each text and decide alike (weights are kept
    /// in thousandths in the text form).
    fn assert_same_decisions(m: &LinearModel, back: &LinearModel, texts: &[&str]) {
        for t in texts {
            let (a, na, _) = m.decisions(t);
            let (b, nb, _) = back.decisions(t);
            assert_eq!(na, nb, "{t}");
            for (x, y) in a.iter().zip(&b) {
                assert!((x - y).abs() < 0.01, "{t}: {x} vs {y}");
            }
        }
    }

    /// Decisions the way training sees a title: every feature counted by key, then the known
    /// ones vectorised.
    fn reference_decisions(m: &LinearModel, title: &str) -> (Vec<f32>, usize, f32) {
        let (raw, words) = raw_features_seeing(&fold(title), !m.words_only, |_, _, _| {});
        let known_words = words.iter().filter(|k| m.vocab.contains_key(k)).count();
        let row = vectorise(&raw, |k| m.vocab.get(&k).map(Known::id_idf));
        let mut d = m.bias.clone();
        for &(id, v) in &row {
            for &(c, w) in m.weights.get(id as usize) {
                d[c as usize] += v * w;
            }
        }
        (d, row.len(), known_words as f32 / words.len().max(1) as f32)
    }

    #[test]
    fn scoring_gives_the_decisions_of_the_vectors_training_sees() {
        let m = toy();
        for t in [
            "Tukang Las SMAW las las",
            "welder welder cook",
            "Kasir Toko (Bekasi) - PT ABC",
            "zzz qqq",
            "",
        ] {
            let (a, na, sa) = m.decisions(t);
            let (b, nb, sb) = reference_decisions(&m, t);
            assert_eq!((na, sa), (nb, sb), "{t}");
            for (x, y) in a.iter().zip(&b) {
                assert!((x - y).abs() <= 1e-5 * y.abs().max(1.0), "{t}: {x} vs {y}");
            }
        }
    }

    #[test]
    fn a_prefix_pair_decides_as_its_models_alone() {
        let data = [
            ("kasir; melayani pembeli di toko", 5230),
            ("melayani pembayaran pelanggan", 5230),
            ("sopir; mengemudikan truk", 8322),
            ("mengemudikan mobil kantor", 8322),
        ];
        let plain = LinearModel::train_words(&examples(&data[1..]), 2);
        let prefixed = LinearModel::train_words(&examples(&data), 2);
        let pair = PrefixPair::new(Some(plain.clone()), Some(prefixed.clone()));
        assert!(!pair.both.is_empty());
        let alone = |m: &LinearModel, t: &str| {
            let (d, known, _) = m.decisions(t);
            (known > 0).then_some(d)
        };
        for (p, t) in [
            ("Kasir", "melayani pembeli"),
            ("sopir", "mengemudikan truk truk"),
            ("", "mengemudikan"),
            ("kasir toko", ""),
            ("zzz", "qqq"),
        ] {
            let [a, b] = pair.decisions(p, t);
            assert_eq!(a, alone(&plain, t), "{p}; {t}");
            assert_eq!(b, alone(&prefixed, &PrefixPair::joined(p, t)), "{p}; {t}");
        }
        // A pair with a character model in it reads each model on its own, alike.
        let mixed = PrefixPair::new(Some(toy()), Some(prefixed.clone()));
        assert!(mixed.both.is_empty());
        let [a, b] = mixed.decisions("Kasir", "welder");
        assert_eq!(a, alone(&toy(), "welder"));
        assert_eq!(b, alone(&prefixed, "Kasir; welder"));
    }

    #[test]
    fn learns_separable_titles_and_sees_through_misspellings() {
        let m = toy();
        assert_eq!(best(&m, "Welder"), 7212);
        assert_eq!(best(&m, "Kasir Toko"), 5230);
        // Character n-grams carry a misspelt word the model never saw.
        assert_eq!(best(&m, "Cashir"), 5230);
        assert_eq!(best(&m, "weldr"), 7212);
    }

    #[test]
    fn the_text_form_round_trips() {
        let m = toy();
        let back = LinearModel::from_tsv(&m.to_tsv());
        assert_eq!(back.classes, m.classes);
        assert_same_decisions(&m, &back, &["welder", "juru masak", "cashir"]);
        assert!(LinearModel::from_tsv("#classes\t0110\n").is_empty());
    }

    #[test]
    fn a_word_model_reads_words_only_and_keeps_that_through_its_text_form() {
        let data = [
            ("membuat laporan keuangan dan jurnal", 4311),
            ("mencatat transaksi keuangan harian", 4311),
            ("mengelola stok barang di gudang", 4321),
            ("mencatat barang masuk dan keluar gudang", 4321),
        ];
        let m = LinearModel::train_words(&examples(&data), 2);
        assert_eq!(best(&m, "menyusun laporan keuangan bulanan"), 4311);
        assert_eq!(best(&m, "stok opname gudang"), 4321);
        // No character n-grams: a misspelt word is an unknown word, nothing more.
        assert_eq!(m.decisions("gudng").1, 0);
        let text = m.to_tsv();
        assert!(text.contains("#features\twords"), "{text}");
        let back = LinearModel::from_tsv(&text);
        assert_same_decisions(&m, &back, &["laporan keuangan", "barang gudang", "gudng"]);
        // A title model keeps reading character n-grams after its round trip.
        let back = LinearModel::from_tsv(&toy().to_tsv());
        assert_eq!(best(&back, "Cashir"), 5230);
    }
}
