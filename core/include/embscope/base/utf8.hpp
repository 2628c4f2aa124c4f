// UTF-8 text helpers for everything embscope shows or writes. Words are kept as the bytes they
// were read as (a vector file may hold words that are not valid UTF-8, and those bytes are the
// key a user looks up); these helpers make text out of them at the edges:
//   - messages (errors, warnings) quote a word with escape_invalid_utf8 and shorten it with
//     truncate_utf8, so stderr and dialogs are always valid, one-line text;
//   - outputs (JSON, CSV, TSV, labels) write replace_invalid_utf8(word), which replaces each
//     invalid part with U+FFFD as every UTF-8 decoder does.
//
//   throw ParseError(path, line, "unknown word \"" + escape_invalid_utf8(truncate_utf8(w, 40)) +
//                                "\"");
//
// Validity follows RFC 3629 / Unicode 15 Table 3-7: no overlong forms, no surrogates
// (U+D800-U+DFFF), nothing above U+10FFFF.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace embscope {

// True when `bytes` is well-formed UTF-8 (the empty string is).
bool is_valid_utf8(std::string_view bytes);

// For messages: valid UTF-8 is kept, every byte of an invalid sequence becomes \xHH (two
// lowercase hex digits, as Python's 'backslashreplace'), and control characters become \t, \n,
// \r or \xHH (other C0 bytes and DEL), so a quoted word is valid UTF-8 and stays on one line.
// Backslashes themselves are kept as they are. The result is valid UTF-8 whatever the input.
std::string escape_invalid_utf8(std::string_view bytes);

// For outputs: each maximal invalid subpart (Unicode 15 section 3.9, "U+FFFD substitution of
// maximal subparts", also the WHATWG Encoding Standard's decoder and Python's
// bytes.decode('utf-8', 'replace')) becomes U+FFFD (EF BF BD). Valid input is returned as is.
std::string replace_invalid_utf8(std::string_view bytes);

// For shortening a word in a message: the longest prefix of at most `max_bytes` bytes that ends
// on a sequence boundary (never inside a code point, nor inside an invalid subpart), followed by
// "..." when anything was cut; text of at most `max_bytes` bytes is returned whole. Truncate
// first, then escape: escape_invalid_utf8(truncate_utf8(word, 40)).
std::string truncate_utf8(std::string_view text, size_t max_bytes);

}  // namespace embscope
