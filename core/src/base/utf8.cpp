#include "embscope/base/utf8.hpp"

namespace embscope {
namespace {

struct Sequence {
  size_t length;  // >= 1
  bool valid;     // a whole well-formed sequence, else a maximal invalid subpart
};

// The sequence that starts at text[i] (i < text.size()), by Unicode 15 Table 3-7: the lead
// byte fixes the length and the range of the second byte (E0: A0-BF excludes overlongs, ED:
// 80-9F excludes surrogates, F0: 90-BF overlongs, F4: 80-8F above U+10FFFF); later bytes are
// 80-BF. An invalid subpart is the longest prefix of a valid sequence that was found (at least
// one byte), which is what a decoder replaces with one U+FFFD.
Sequence next_sequence(std::string_view text, size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return {1, true};
  size_t length;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {1, false};  // a continuation byte, C0/C1 (always overlong) or F5-FF
  }
  size_t k = 1;
  for (; k < length && i + k < text.size(); ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if (next < low || next > high) break;
    low = 0x80;
    high = 0xBF;
  }
  return {k, k == length};
}

constexpr char kHex[] = "0123456789abcdef";

void append_hex_escape(std::string& out, unsigned char byte) {
  out += "\\x";
  out += kHex[byte >> 4];
  out += kHex[byte & 0x0F];
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    if (static_cast<unsigned char>(bytes[i]) < 0x80) {
      ++i;
      continue;
    }
    const Sequence s = next_sequence(bytes, i);
    if (!s.valid) return false;
    i += s.length;
  }
  return true;
}

std::string escape_invalid_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      if (c == '\t') {
        out += "\\t";
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c < 0x20 || c == 0x7F) {
        append_hex_escape(out, c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const Sequence s = next_sequence(bytes, i);
    if (s.valid) {
      out.append(bytes.substr(i, s.length));
    } else {
      for (size_t k = 0; k < s.length; ++k) {
        append_hex_escape(out, static_cast<unsigned char>(bytes[i + k]));
      }
    }
    i += s.length;
  }
  return out;
}

std::string replace_invalid_utf8(std::string_view bytes) {
  if (is_valid_utf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 8);
  size_t i = 0;
  while (i < bytes.size()) {
    const Sequence s = next_sequence(bytes, i);
    if (s.valid) {
      out.append(bytes.substr(i, s.length));
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
    }
    i += s.length;
  }
  return out;
}

std::string truncate_utf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = 0;
  while (end < text.size()) {
    const size_t length = next_sequence(text, end).length;
    if (end + length > max_bytes) break;
    end += length;
  }
  std::string out(text.substr(0, end));
  out += "...";
  return out;
}

}  // namespace embscope
