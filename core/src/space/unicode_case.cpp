#include "embscope/space/unicode_case.hpp"

#include <utf8proc.h>

#include <cstdint>

namespace embscope {
namespace {

void append_code_point(utf8proc_int32_t code_point, std::string& out) {
  utf8proc_uint8_t bytes[4];
  const utf8proc_ssize_t length = utf8proc_encode_char(code_point, bytes);
  out.append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(length));
}

// utf8proc (2.8) offers the simple uppercase mapping (utf8proc_toupper: one code point for one)
// and full case folding, but not the full uppercase mapping that str.upper() applies. The code
// points whose full uppercase differs from the simple one (SpecialCasing.txt's unconditional
// entries: ß, ŉ, ǰ, ΐ, ΰ, և, ẖ-ẚ, ὐ..., the Greek letters with ypogegrammeni, the Latin and
// Armenian ligatures) are exactly those that are not capitals (category Lu) and whose full case
// folding is several code points; for them the full uppercase is the simple uppercase of each
// folded code point (ß -> ss -> SS, ᾳ -> αι -> ΑΙ). The two capitals that fold to two code points
// (İ U+0130, ẞ U+1E9E) are their own uppercase. tests/core/test_unicode_case.cpp checks this rule
// against Python's str.upper() on every code point.
void append_upper(utf8proc_int32_t code_point, std::string& out) {
  const utf8proc_property_t* property = utf8proc_get_property(code_point);
  if (property->category != UTF8PROC_CATEGORY_LU && property->casefold_seqindex != UINT16_MAX) {
    utf8proc_int32_t folded[4];
    int boundary = 0;
    const utf8proc_ssize_t count =
        utf8proc_decompose_char(code_point, folded, 4, UTF8PROC_CASEFOLD, &boundary);
    if (count > 1 && count <= 4) {
      for (utf8proc_ssize_t i = 0; i < count; ++i)
        append_code_point(utf8proc_toupper(folded[i]), out);
      return;
    }
  }
  append_code_point(utf8proc_toupper(code_point), out);
}

// The next code point of `text` at `pos`: its value and length, or -1 and 1 for a byte that
// does not start a valid UTF-8 sequence.
struct Decoded {
  utf8proc_int32_t code_point;
  size_t length;
};

Decoded decode(std::string_view text, size_t pos) {
  utf8proc_int32_t code_point = -1;
  const utf8proc_ssize_t length =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                       static_cast<utf8proc_ssize_t>(text.size() - pos), &code_point);
  if (length <= 0) return {-1, 1};
  return {code_point, static_cast<size_t>(length)};
}

}  // namespace

std::string upper_case(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
      out.push_back(byte >= 'a' && byte <= 'z' ? static_cast<char>(byte - 'a' + 'A')
                                               : static_cast<char>(byte));
      ++pos;
      continue;
    }
    const Decoded next = decode(text, pos);
    if (next.code_point < 0) {
      out.push_back(text[pos]);
    } else {
      append_upper(next.code_point, out);
    }
    pos += next.length;
  }
  return out;
}

bool is_unicode_space(char32_t code_point) {
  if (code_point < 0x80) {
    return code_point == ' ' || (code_point >= '\t' && code_point <= '\r') ||
           (code_point >= 0x1c && code_point <= 0x1f);
  }
  if (code_point > 0x10ffff) return false;
  const utf8proc_property_t* property =
      utf8proc_get_property(static_cast<utf8proc_int32_t>(code_point));
  return property->category == UTF8PROC_CATEGORY_ZS ||
         property->bidi_class == UTF8PROC_BIDI_CLASS_WS ||
         property->bidi_class == UTF8PROC_BIDI_CLASS_B ||
         property->bidi_class == UTF8PROC_BIDI_CLASS_S;
}

std::vector<std::string_view> split_unicode_whitespace(std::string_view line) {
  std::vector<std::string_view> words;
  size_t pos = 0;
  size_t start = std::string_view::npos;  // start of the current word
  while (pos < line.size()) {
    const auto byte = static_cast<unsigned char>(line[pos]);
    Decoded next{byte, 1};
    if (byte >= 0x80) next = decode(line, pos);
    const bool space =
        next.code_point >= 0 && is_unicode_space(static_cast<char32_t>(next.code_point));
    if (space && start != std::string_view::npos) {
      words.push_back(line.substr(start, pos - start));
      start = std::string_view::npos;
    } else if (!space && start == std::string_view::npos) {
      start = pos;
    }
    pos += next.length;
  }
  if (start != std::string_view::npos) words.push_back(line.substr(start));
  return words;
}

}  // namespace embscope
