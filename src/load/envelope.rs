//! The file format the caches share (entries, history, report): a fixed header that says what the file
//! is and which build wrote it, a body in `postcard` (serde), and a checksum.
//!
//! ```text
//! "pacenote"  8 bytes   magic
//! kind        8 bytes   b"entries\0", b"history\0" or b"report\0\0"
//! format      u32 LE    the cache's format version, bumped with its types
//! stamp       postcard  pacenote's version and build commit ("" if unknown)
//! key         postcard  what the cache depends on (the caller checks it)
//! body        postcard  the cached data
//! checksum    8 bytes   FNV-1a (by 8-byte words) of everything before it
//! ```
//!
//! A file is trusted only when everything matches: the checksum, the magic,
//! the kind, the format, the stamp (a cache written by another build of
//! pacenote is rebuilt, never read), the caller's key, and a body that
//! decodes to the end of the file. Anything else, a torn write, a flipped
//! bit, a truncated or extended file, another version's layout, yields
//! `None` and the caller reads its input again. Decoding never trusts a
//! length: postcard reads sequences item by item from the bytes at hand and
//! serde caps what it reserves ahead, so a damaged file costs bounded memory.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

const MAGIC: &[u8; 8] = b"pacenote";

/// The fixed part of the header: magic, kind and format.
const FIXED: usize = 8 + 8 + 4;

/// What kind of cache a file holds, and the version of its format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Format {
    pub kind: [u8; 8],
    /// Bump it whenever the serialized shape of the cached types changes
    /// (each cache has a test that pins its bytes and fails then).
    pub version: u32,
}

/// Which build of pacenote wrote a file.
#[derive(Serialize, Deserialize, PartialEq)]
struct Stamp<'a> {
    version: &'a str,
    commit: &'a str,
}

fn this_build() -> Stamp<'static> {
    Stamp {
        version: crate::build_info::VERSION,
        commit: crate::build_info::commit().unwrap_or(""),
    }
}

/// The bytes of a cache file holding `body`, valid under `key`; `None` only
/// if serde refuses a value (it never does for the cached types).
pub(crate) fn encode<K: Serialize, T: Serialize>(
    format: Format,
    key: &K,
    body: &T,
) -> Option<Vec<u8>> {
    let mut w = Vec::with_capacity(4096);
    w.extend_from_slice(MAGIC);
    w.extend_from_slice(&format.kind);
    w.extend_from_slice(&format.version.to_le_bytes());
    let w = postcard::to_extend(&this_build(), w).ok()?;
    let w = postcard::to_extend(key, w).ok()?;
    let mut w = postcard::to_extend(body, w).ok()?;
    let sum = checksum(&w);
    w.extend_from_slice(&sum.to_le_bytes());
    Some(w)
}

/// The key and body of a cache file of `format` written by this build,
/// when `accept` takes its key; `None` for anything else (see the module).
pub(crate) fn decode<K: DeserializeOwned, T: DeserializeOwned>(
    bytes: &[u8],
    format: Format,
    accept: impl FnOnce(&K) -> bool,
) -> Option<(K, T)> {
    let (all, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if checksum(all) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let (fixed, rest) = all.split_at_checked(FIXED)?;
    if fixed[..8] != MAGIC[..]
        || fixed[8..16] != format.kind[..]
        || fixed[16..] != format.version.to_le_bytes()
    {
        return None;
    }
    let (stamp, rest) = postcard::take_from_bytes::<Stamp>(rest).ok()?;
    if stamp != this_build() {
        return None;
    }
    let (key, rest) = postcard::take_from_bytes::<K>(rest).ok()?;
    if !accept(&key) {
        return None;
    }
    let (body, rest) = postcard::take_from_bytes::<T>(rest).ok()?;
    rest.is_empty().then_some((key, body))
}

/// A cache file's stat data and bytes; `None` for anything but a regular
/// file (a link is not followed) or for a file longer than `max` bytes,
/// which is never read past `max + 1`.
pub(crate) fn read_file(path: &std::path::Path, max: u64) -> Option<(std::fs::Metadata, Vec<u8>)> {
    use std::io::Read as _;
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(max + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    (bytes.len() as u64 <= max).then_some((meta, bytes))
}

/// Writes a cache file (atomically, under the git folder) unless it is
/// longer than `max` bytes, which `read_file` would refuse; `false` when
/// nothing was written.
pub(crate) fn write_file(
    git: &git2::Repository,
    path: &std::path::Path,
    bytes: &[u8],
    max: u64,
) -> bool {
    bytes.len() as u64 <= max && crate::fsx::write_cache(git, path, bytes)
}

/// FNV-1a, 64 bits, over 8-byte little-endian words (the tail zero-padded,
/// then the length): enough to tell a torn or altered file from a whole one,
/// at an eighth of the rounds of the bytewise hash.
pub(crate) fn checksum(b: &[u8]) -> u64 {
    let step = |h: u64, w: u64| (h ^ w).wrapping_mul(0x0100_0000_01b3);
    let mut chunks = b.chunks_exact(8);
    let mut h = 0xcbf2_9ce4_8422_2325;
    for c in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(c);
        h = step(h, u64::from_le_bytes(word));
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = step(h, u64::from_le_bytes(tail));
    step(h, b.len() as u64)
}

/// Serde for a `git2::Oid`: its 20 raw bytes.
pub(crate) mod oid {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(id: &git2::Oid, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(id.as_bytes())
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<git2::Oid, D::Error> {
        let b = <&[u8]>::deserialize(d)?;
        git2::Oid::from_bytes(b).map_err(D::Error::custom)
    }

    /// The same for an `Option<Oid>`.
    pub(crate) mod option {
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        struct Raw<'a>(&'a git2::Oid);

        impl Serialize for Raw<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                super::serialize(self.0, s)
            }
        }

        #[derive(Deserialize)]
        struct Owned(#[serde(with = "super")] git2::Oid);

        // serde's `with` calls this with a reference to the field.
        #[allow(clippy::ref_option)]
        pub(crate) fn serialize<S: Serializer>(
            id: &Option<git2::Oid>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            id.as_ref().map(Raw).serialize(s)
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<git2::Oid>, D::Error> {
            Ok(Option::<Owned>::deserialize(d)?.map(|Owned(id)| id))
        }
    }
}

/// A cache's pinned layout: `bytes` (a whole file) ends with `key_and_body`
/// before its checksum, and those are the bytes `pinned` spells in hex. A
/// change that moves them must bump the format's version.
#[cfg(test)]
pub(crate) fn assert_pinned(bytes: &[u8], key_and_body: &[u8], pinned: &str) {
    let tail = &bytes[bytes.len() - 8 - key_and_body.len()..bytes.len() - 8];
    assert_eq!(tail, key_and_body);
    let hex = key_and_body
        .iter()
        .fold(String::new(), |hex, b| hex + &format!("{b:02x}"));
    assert_eq!(hex, pinned, "bump FORMAT.version, then update PINNED");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_file_is_read_only_when_regular_and_within_its_size() {
        let dir = tempfile::tempdir().expect("tempdir");
        let at = |name: &str| dir.path().join(name);
        let read = |name: &str| read_file(&at(name), 4).map(|(_, b)| b);
        for (name, bytes) in [("short", "ab"), ("exact", "abcd"), ("over", "abcde")] {
            std::fs::write(at(name), bytes).expect("write");
        }
        assert_eq!(read("short"), Some(b"ab".to_vec()));
        assert_eq!(read("exact"), Some(b"abcd".to_vec()));
        assert_eq!(read("over"), None);
        assert_eq!(read("missing"), None);
        std::fs::create_dir(at("folder")).expect("mkdir");
        assert_eq!(read("folder"), None);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(at("short"), at("link")).expect("symlink");
            assert_eq!(read("link"), None);
        }
        let (meta, _) = read_file(&at("exact"), 4).expect("read");
        assert_eq!(meta.len(), 4);
    }

    #[test]
    fn a_cache_file_longer_than_its_limit_is_not_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let git = git2::Repository::init(dir.path()).expect("init");
        let path = git.commondir().join("pacenote").join("t.cache");
        assert!(!write_file(&git, &path, b"abcde", 4));
        assert!(!path.exists());
        assert!(write_file(&git, &path, b"abcd", 4));
        assert_eq!(read_file(&path, 4).map(|(_, b)| b), Some(b"abcd".to_vec()));
    }

    const F: Format = Format {
        kind: *b"testing\0",
        version: 1,
    };

    fn sample() -> Vec<u8> {
        encode(F, &7u32, &vec!["a".to_string(), "bc".to_string()]).expect("encodes")
    }

    fn open(b: &[u8]) -> Option<(u32, Vec<String>)> {
        decode(b, F, |k: &u32| *k == 7)
    }

    #[test]
    fn round_trips_and_names_this_build() {
        let b = sample();
        assert_eq!(&b[..20], b"pacenotetesting\0\x01\0\0\0");
        assert_eq!(open(&b), Some((7, vec!["a".into(), "bc".into()])));
    }

    #[test]
    fn refuses_another_kind_format_key_or_build() {
        let b = sample();
        let other_kind = Format {
            kind: *b"entries\0",
            ..F
        };
        let next = Format { version: 2, ..F };
        assert!(decode::<u32, Vec<String>>(&b, other_kind, |_| true).is_none());
        assert!(decode::<u32, Vec<String>>(&b, next, |_| true).is_none());
        assert!(decode::<u32, Vec<String>>(&b, F, |k| *k == 8).is_none());
        // Another build: the same bytes with another version in the stamp,
        // checksummed again so that only the stamp differs.
        let mut other = b[..FIXED].to_vec();
        let stamp = Stamp {
            version: "0.0.0-other",
            commit: "",
        };
        other = postcard::to_extend(&stamp, other).expect("encodes");
        let after_stamp = FIXED + postcard::to_allocvec(&this_build()).expect("encodes").len();
        other.extend_from_slice(&b[after_stamp..b.len() - 8]);
        let sum = checksum(&other);
        other.extend_from_slice(&sum.to_le_bytes());
        assert!(open(&other).is_none());
    }

    #[test]
    fn refuses_any_altered_truncated_or_extended_file() {
        let b = sample();
        for i in 0..b.len() {
            let mut bad = b.clone();
            bad[i] ^= 0x40;
            assert!(open(&bad).is_none(), "byte {i} flipped and accepted");
            assert!(open(&b[..i]).is_none(), "truncated at {i} and accepted");
        }
        let mut longer = b.clone();
        longer.push(0);
        assert!(open(&longer).is_none());
    }

    #[test]
    fn a_body_that_does_not_decode_to_the_end_is_refused_even_when_checksummed() {
        // Checksummed bodies that are not one list of strings: one string
        // short, a stray byte, text that is not UTF-8, a length past the end.
        for body in [
            &[2u8, 1, b'a'][..],
            &[1, 1, b'a', 0],
            &[1, 2, 0xff, 0xfe],
            &[200, 200, 200],
        ] {
            let mut w = sample()[..FIXED].to_vec();
            w = postcard::to_extend(&this_build(), w).expect("encodes");
            w = postcard::to_extend(&7u32, w).expect("encodes");
            w.extend_from_slice(body);
            let sum = checksum(&w);
            w.extend_from_slice(&sum.to_le_bytes());
            assert!(open(&w).is_none(), "{body:?} accepted");
        }
    }
}
