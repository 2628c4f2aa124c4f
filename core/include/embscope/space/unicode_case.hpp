// Unicode case and white space as Python's str does them, for the evaluation sets: gensim keys
// words by `word.upper()` when it evaluates case-insensitively and splits analogy lines with
// `line.split()`, so matching its numbers on a Cyrillic, Greek or German benchmark needs the
// same full Unicode rules, not ASCII ones.
//
//   upper_case("straße")  == "STRASSE"   (Python: "straße".upper())
//   upper_case("Москва")  == "МОСКВА"
//   split_unicode_whitespace("a\u00a0b c") == {"a", "b", "c"}   (Python: "a\xa0b c".split())
//
// The Unicode tables come from utf8proc (Debian libutf8proc). Text that is not valid UTF-8 is
// not an error: its invalid bytes are kept as they are and never match white space.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace embscope {

// Python's str.upper() on UTF-8 text: every code point replaced by its full uppercase mapping
// (UnicodeData.txt and the unconditional mappings of SpecialCasing.txt, so "ß" -> "SS",
// "ŉ" -> "ʼN", "ﬁ" -> "FI", "ᾳ" -> "ΑΙ", while "ẞ" and "İ" stay). Bytes that are not part of a
// valid UTF-8 sequence are copied unchanged. ASCII-only text takes a byte-wise fast path.
std::string upper_case(std::string_view text);

// Python's str.isspace() for one code point: general category Zs, or bidirectional class WS, B
// or S (tab, line feed, U+001C-U+001F, U+0085, no-break space U+00A0, U+2000-U+200A,
// U+2028/U+2029, U+3000...).
bool is_unicode_space(char32_t code_point);

// Python's str.split() with no argument: the words between runs of Unicode white space (as
// is_unicode_space), none for a blank line. The views point into `line`.
std::vector<std::string_view> split_unicode_whitespace(std::string_view line);

}  // namespace embscope
