// Private to the core: random access to the bytes of an input, from memory (gzip output, text
// given by a caller) or from a plain file read with pread. Readers use it instead of mapping
// files: pread into the destination costs no page fault per 4 KiB and keeps the loader's
// memory at the size of what it builds.
#pragma once

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace embscope::detail {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual uint64_t size() const = 0;
  // Bytes [offset, offset + length) clipped to the end; `buffer` may hold them.
  virtual std::string_view read(uint64_t offset, size_t length, std::string& buffer) const = 0;
  // Copies exactly `length` bytes at `offset` into `destination` (the caller checked the size).
  virtual void read_into(uint64_t offset, void* destination, size_t length) const = 0;
  // Calls visit(block, block_offset) over [begin, end) in blocks that hold whole lines (the last
  // may end without a newline at `end`). Stops early when visit returns false.
  void for_each_line_block(uint64_t begin, uint64_t end,
                           const std::function<bool(std::string_view, uint64_t)>& visit) const;
};

class MemoryBytes final : public ByteSource {
 public:
  explicit MemoryBytes(std::string_view bytes) : bytes_(bytes) {}
  uint64_t size() const override { return bytes_.size(); }
  std::string_view read(uint64_t offset, size_t length, std::string&) const override {
    if (offset >= bytes_.size()) return {};
    return bytes_.substr(offset, length);
  }
  void read_into(uint64_t offset, void* destination, size_t length) const override {
    std::memcpy(destination, bytes_.data() + offset, length);
  }

 private:
  std::string_view bytes_;
};

class FileByteSource final : public ByteSource {
 public:
  // Does not own `fd`.
  FileByteSource(int fd, uint64_t size, std::filesystem::path path)
      : fd_(fd), size_(size), path_(std::move(path)) {}
  uint64_t size() const override { return size_; }
  std::string_view read(uint64_t offset, size_t length, std::string& buffer) const override;
  void read_into(uint64_t offset, void* destination, size_t length) const override;

 private:
  int fd_;
  uint64_t size_;
  std::filesystem::path path_;
};

// Sequential reading through a refilled buffer, for record formats (word2vec binary).
class ByteCursor {
 public:
  ByteCursor(const ByteSource& source, uint64_t offset) : source_(source), offset_(offset) {}

  uint64_t offset() const { return offset_ + position_; }
  bool at_end() { return !ensure(1); }
  char peek() { return view_[position_]; }  // only after !at_end()
  void skip(size_t count) { position_ += count; }
  // The bytes up to (not including) `delimiter` within `limit` bytes; false if not found.
  bool read_until(char delimiter, size_t limit, std::string& out);
  // Copies `length` bytes; false if the input ends first.
  bool read_exact(void* destination, size_t length);

 private:
  bool ensure(size_t count);

  static constexpr size_t kBlock = size_t{8} << 20;
  const ByteSource& source_;
  uint64_t offset_;  // source offset of view_[0]
  std::string buffer_;
  std::string_view view_;
  size_t position_ = 0;
};

}  // namespace embscope::detail
