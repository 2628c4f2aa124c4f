// A small strict JSON reader for the few JSON documents the core reads (safetensors headers,
// .npy header dictionaries are Python literals and have their own reader). Private to the core.
//
// Nesting is limited (kMaxDepth) so hostile input cannot exhaust the stack; errors carry the byte
// offset of the problem.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace embscope::json {

class SyntaxError : public std::runtime_error {
 public:
  SyntaxError(size_t offset, const std::string& what)
      : std::runtime_error(what + " at byte " + std::to_string(offset)), offset_(offset) {}
  size_t offset() const { return offset_; }

 private:
  size_t offset_;
};

struct Value {
  enum class Type { Null, Bool, Number, String, Array, Object };
  Type type = Type::Null;
  bool boolean = false;
  double number = 0;
  std::string text;  // the string, or a number's source text
  std::vector<Value> items;
  std::map<std::string, Value> members;

  bool is_object() const { return type == Type::Object; }
  bool is_array() const { return type == Type::Array; }
  bool is_string() const { return type == Type::String; }
  bool is_number() const { return type == Type::Number; }
  const Value* find(const std::string& key) const {
    auto it = members.find(key);
    return it == members.end() ? nullptr : &it->second;
  }
  // The number as a non-negative integer; throws std::invalid_argument otherwise.
  uint64_t as_index() const;
};

constexpr int kMaxDepth = 64;

Value parse(std::string_view text);

}  // namespace embscope::json
