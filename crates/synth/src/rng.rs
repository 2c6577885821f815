//! The seeded pseudo-random generator behind every synthetic value.
//!
//! xoshiro256** seeded through SplitMix64: small, fast, and with a fixed algorithm we own, so
//! the same seed gives the same bytes on every platform and every version of every dependency
//! (an external `rand` crate may change its streams between releases).

/// SplitMix64's finaliser: a good 64-bit mixing function, also used to derive keys and seeds.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Combines two values into one well-mixed key (order matters).
pub fn mix2(a: u64, b: u64) -> u64 {
    mix(mix(a) ^ b.rotate_left(17))
}

/// FNV-1a of a label, so streams can be named instead of numbered.
fn label_hash(label: &str) -> u64 {
    label.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        // SplitMix64 fills the state; it never yields the all-zero state xoshiro must avoid.
        let mut x = seed;
        let mut s = [0u64; 4];
        for slot in &mut s {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            *slot = mix(x.wrapping_sub(0x9E37_79B9_7F4A_7C15));
        }
        if s == [0; 4] {
            s[0] = 1;
        }
        Rng { s }
    }

    /// An independent stream per (seed, label): each generator draws from its own stream, so
    /// changing how many numbers one of them uses does not shift every file after it.
    pub fn derive(seed: u64, label: &str) -> Self {
        Rng::new(mix2(seed, label_hash(label)))
    }

    /// A stream keyed by a number as well, for values that must not depend on drawing order.
    pub fn keyed(seed: u64, label: &str, key: u64) -> Self {
        Rng::new(mix2(mix2(seed, label_hash(label)), key))
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1) with 53 bits of precision.
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [0, n); `n` must be positive. Lemire's multiply-shift with rejection, so
    /// there is no modulo bias.
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        let n = n.max(1);
        loop {
            let m = (self.next_u64() as u128) * (n as u128);
            let low = m as u64;
            if low >= n || low >= n.wrapping_neg() % n {
                return (m >> 64) as u64;
            }
        }
    }

    /// Uniform integer in [lo, hi] (inclusive); returns `lo` when `hi < lo`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    /// Uniform index into a collection of `len` items (`len` > 0).
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// One item of a non-empty slice (the slices passed here are embedded word lists).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// An index drawn with the given non-negative weights; linear, for short lists.
    /// Falls back to the last index if the weights are all zero.
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.f64() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// One item of a short (item, weight) list.
    pub fn weighted_pick<'a, T>(&mut self, items: &'a [(T, f64)]) -> &'a T {
        let mut x = self.f64() * items.iter().map(|(_, w)| w).sum::<f64>();
        for (item, w) in items {
            if x < *w {
                return item;
            }
            x -= w;
        }
        &items[items.len() - 1].0
    }

    /// Normal deviate by Box–Muller (one of the pair is discarded: simpler, and speed is ample).
    pub fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        let u1 = 1.0 - self.f64(); // (0, 1], so ln is finite
        let u2 = self.f64();
        mean + sd * (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Poisson count: Knuth's product method for small means, a rounded normal for large ones.
    pub fn poisson(&mut self, lambda: f64) -> u64 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda > 30.0 {
            return self.normal(lambda, lambda.sqrt()).round().max(0.0) as u64;
        }
        let limit = (-lambda).exp();
        let mut k = 0;
        let mut p = self.f64();
        while p > limit {
            k += 1;
            p *= self.f64();
        }
        k
    }

    /// Zipf-like rank in [0, n): small ranks are much more common (a few big employers post
    /// most ads). Inverse-CDF of a continuous power law, cheap and good enough here.
    pub fn zipf(&mut self, n: usize, exponent: f64) -> usize {
        let n = n.max(1) as f64;
        let u = self.f64();
        let s = 1.0 - exponent;
        let x = if s.abs() < 1e-9 {
            n.powf(u)
        } else {
            ((n.powf(s) - 1.0) * u + 1.0).powf(1.0 / s)
        };
        (x.floor() as usize).saturating_sub(1).min(n as usize - 1)
    }
}

/// A fixed weighted distribution sampled by binary search over cumulative weights, for the
/// long tables (514 regencies, 239 occupations, 1461 days).
#[derive(Debug, Clone)]
pub struct Table {
    cumulative: Vec<f64>,
}

impl Table {
    pub fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut total = 0.0;
        let cumulative = weights
            .into_iter()
            .map(|w| {
                total += w.max(0.0);
                total
            })
            .collect();
        Table { cumulative }
    }

    pub fn total(&self) -> f64 {
        self.cumulative.last().copied().unwrap_or(0.0)
    }

    /// The weight of item `i` as given (after clamping negatives to zero).
    #[cfg(test)]
    pub fn weight(&self, i: usize) -> f64 {
        let prev = if i == 0 { 0.0 } else { self.cumulative[i - 1] };
        self.cumulative[i] - prev
    }

    pub fn sample(&self, rng: &mut Rng) -> usize {
        let x = rng.f64() * self.total();
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..5).map(|_| Rng::new(7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut x = Rng::derive(7, "a");
        let mut y = Rng::derive(7, "b");
        assert_ne!(x.next_u64(), y.next_u64());
    }

    #[test]
    fn helpers_stay_in_range_and_follow_weights() {
        let mut r = Rng::new(1);
        let mut hits = [0usize; 3];
        for _ in 0..30_000 {
            let v = r.range(-2, 2);
            assert!((-2..=2).contains(&v));
            assert!(r.f64() < 1.0);
            hits[r.weighted(&[1.0, 0.0, 3.0])] += 1;
        }
        assert_eq!(hits[1], 0);
        let share = hits[2] as f64 / 30_000.0;
        assert!((0.73..0.77).contains(&share), "{share}");
        let mean: f64 = (0..20_000).map(|_| r.normal(10.0, 2.0)).sum::<f64>() / 20_000.0;
        assert!((mean - 10.0).abs() < 0.1, "{mean}");
        let pm: f64 = (0..20_000).map(|_| r.poisson(3.0) as f64).sum::<f64>() / 20_000.0;
        assert!((pm - 3.0).abs() < 0.1, "{pm}");
        let t = Table::new([0.0, 1.0, 1.0]);
        for _ in 0..1000 {
            assert_ne!(t.sample(&mut r), 0);
            assert!(r.zipf(10, 1.1) < 10);
        }
    }
}
