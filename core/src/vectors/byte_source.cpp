#include "vectors/byte_source.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>

namespace embscope::detail {

void ByteSource::for_each_line_block(
    uint64_t begin, uint64_t end,
    const std::function<bool(std::string_view, uint64_t)>& visit) const {
  constexpr size_t kBlock = size_t{8} << 20;
  std::string buffer;
  std::string carry;  // the unfinished last line of the previous block
  uint64_t offset = begin;
  while (offset < end) {
    const std::string_view block =
        read(offset, static_cast<size_t>(std::min<uint64_t>(kBlock, end - offset)), buffer);
    if (block.empty()) break;
    const uint64_t block_end = offset + block.size();
    const bool last = block_end >= end;
    size_t cut = last ? block.size() : block.rfind('\n');
    if (cut == std::string_view::npos) {  // a line longer than a block: keep collecting
      carry.append(block);
      offset = block_end;
      continue;
    }
    if (!last) ++cut;  // keep the newline
    size_t lines_begin = 0;
    if (!carry.empty()) {
      // Only the line that straddles the two blocks is put together in `carry`; the rest of
      // the block is visited where it lies (appending whole blocks to `carry` copied every
      // byte of the file once more and kept another block-sized buffer per thread).
      const size_t newline = block.find('\n');
      lines_begin = newline == std::string_view::npos || newline >= cut ? cut : newline + 1;
      carry.append(block.substr(0, lines_begin));
      if (!visit(carry, offset - (carry.size() - lines_begin))) return;
      carry.clear();
    }
    if (lines_begin < cut &&
        !visit(block.substr(lines_begin, cut - lines_begin), offset + lines_begin)) {
      return;
    }
    carry.assign(block.substr(cut));
    offset = block_end;
  }
  if (!carry.empty()) visit(carry, end - carry.size());
}

std::string_view FileByteSource::read(uint64_t offset, size_t length, std::string& buffer) const {
  if (offset >= size_) return {};
  length = static_cast<size_t>(std::min<uint64_t>(length, size_ - offset));
  buffer.resize(length);
  read_into(offset, buffer.data(), length);
  return std::string_view(buffer.data(), length);
}

void FileByteSource::read_into(uint64_t offset, void* destination, size_t length) const {
  auto* out = static_cast<char*>(destination);
  size_t done = 0;
  while (done < length) {
    const ssize_t got = ::pread(fd_, out + done, std::min<size_t>(length - done, size_t{1} << 30),
                                static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      throw std::runtime_error(path_.string() + ": read error at byte " +
                               std::to_string(offset + done) +
                               (got == 0 ? ": the file is shorter than expected"
                                         : std::string(": ") + std::strerror(errno)));
    }
    done += static_cast<size_t>(got);
  }
}

bool ByteCursor::ensure(size_t count) {
  if (position_ + count <= view_.size()) return true;
  // Refill: keep the unread tail, read the next block after it.
  const uint64_t next = offset_ + position_;
  if (next >= source_.size()) return false;
  const size_t want = std::max(kBlock, count);
  view_ = source_.read(next, want, buffer_);
  offset_ = next;
  position_ = 0;
  return count <= view_.size();
}

bool ByteCursor::read_until(char delimiter, size_t limit, std::string& out) {
  out.clear();
  for (;;) {
    if (!ensure(1)) return false;
    const std::string_view rest = view_.substr(position_);
    const size_t found = rest.substr(0, limit - out.size()).find(delimiter);
    if (found != std::string_view::npos) {
      out.append(rest.substr(0, found));
      position_ += found;
      return true;
    }
    const size_t take = std::min(rest.size(), limit - out.size());
    out.append(rest.substr(0, take));
    position_ += take;
    if (out.size() >= limit) return false;
  }
}

bool ByteCursor::read_exact(void* destination, size_t length) {
  auto* out = static_cast<char*>(destination);
  while (length > 0) {
    if (!ensure(1)) return false;
    const size_t take = std::min(length, view_.size() - position_);
    std::memcpy(out, view_.data() + position_, take);
    out += take;
    length -= take;
    position_ += take;
  }
  return true;
}

}  // namespace embscope::detail
