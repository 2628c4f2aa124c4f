#include "embscope/base/file_bytes.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>

#include "embscope/base/parse_error.hpp"

namespace embscope {
namespace {

std::runtime_error file_error(const std::filesystem::path& path, const std::string& what) {
  return std::runtime_error(path.string() + ": " + what);
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

bool has_gzip_magic(const char* data, size_t size) {
  return size >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
         static_cast<unsigned char>(data[1]) == 0x8b;
}

// Inflates every gzip member in `input` (concatenated members are legal gzip, as `cat a.gz b.gz`
// produces) into `output`.
void inflate_gzip(const std::filesystem::path& path, const char* input, size_t input_size,
                  std::vector<char>& output, const TaskControl& control) {
  // The trailer's ISIZE is the uncompressed size modulo 2^32: a good first guess for one member.
  // It is only reserved (not touched), and capped, because a corrupt file can claim anything.
  size_t capacity_guess = size_t{1} << 20;
  if (input_size >= 18) {
    uint32_t isize;
    std::memcpy(&isize, input + input_size - 4, 4);
    capacity_guess = std::max<size_t>(capacity_guess, std::min<size_t>(isize, input_size * 32));
  }
  output.reserve(capacity_guess);

  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) throw file_error(path, "cannot initialise zlib");
  struct StreamGuard {
    z_stream* s;
    ~StreamGuard() { inflateEnd(s); }
  } guard{&stream};

  constexpr size_t kChunk = size_t{1} << 20;
  auto offset_of = [&](const Bytef* p) {
    return static_cast<size_t>(p - reinterpret_cast<const Bytef*>(input));
  };
  size_t fed = 0;
  size_t produced = 0;
  bool member_open = true;
  for (;;) {
    if (stream.avail_in == 0) {
      if (fed >= input_size) break;
      const size_t n = std::min(kChunk, input_size - fed);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input + fed));
      stream.avail_in = static_cast<uInt>(n);
      fed += n;
      control.throw_if_cancelled();
      control.report(fed, input_size);
    }
    if (output.size() - produced < kChunk) output.resize(produced + kChunk);
    const size_t space = std::min<size_t>(output.size() - produced, UINT32_MAX);
    stream.next_out = reinterpret_cast<Bytef*>(output.data() + produced);
    stream.avail_out = static_cast<uInt>(space);
    const int status = inflate(&stream, Z_NO_FLUSH);
    produced += space - stream.avail_out;
    if (status == Z_STREAM_END) {
      member_open = false;
      // Another member may follow; trailing zero padding (some tools write it) is ignored.
      size_t next = offset_of(stream.next_in);
      while (next < input_size && input[next] == 0) ++next;
      if (next >= input_size) break;
      if (!has_gzip_magic(input + next, input_size - next)) {
        throw ParseError(path, 0, "unexpected data after the end of the gzip stream",
                         static_cast<int64_t>(next));
      }
      inflateReset(&stream);
      member_open = true;
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input + next));
      stream.avail_in = static_cast<uInt>(std::min(kChunk, input_size - next));
      fed = next + stream.avail_in;
      continue;
    }
    if (status == Z_BUF_ERROR) continue;  // needs more input or more output space
    if (status != Z_OK) {
      const std::string reason = stream.msg != nullptr ? stream.msg : "invalid compressed data";
      throw ParseError(path, 0, "corrupt gzip data (" + reason + ")",
                       static_cast<int64_t>(offset_of(stream.next_in)));
    }
  }
  if (member_open) {
    throw ParseError(path, 0, "truncated gzip file: the compressed data ends before its end marker",
                     static_cast<int64_t>(input_size));
  }
  output.resize(produced);
  output.shrink_to_fit();
}

}  // namespace
}  // namespace embscope

namespace embscope {

FileBytes FileBytes::open(const std::filesystem::path& path, const TaskControl& control) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw file_error(path, std::string("cannot open: ") + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    throw file_error(path, std::string("cannot stat: ") + std::strerror(errno));
  }
  if (S_ISDIR(info.st_mode)) throw file_error(path, "is a directory, not a file");

  FileBytes bytes;
  bytes.file_size_ = static_cast<uint64_t>(info.st_size);
  if (info.st_size == 0) return bytes;

  const size_t size = static_cast<size_t>(info.st_size);
  void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
  if (mapping == MAP_FAILED) {
    throw file_error(path, std::string("cannot map into memory: ") + std::strerror(errno));
  }
  ::madvise(mapping, size, MADV_SEQUENTIAL);
  bytes.mapping_ = mapping;
  bytes.mapping_size_ = size;
  const char* data = static_cast<const char*>(mapping);

  if (has_gzip_magic(data, size)) {
    inflate_gzip(path, data, size, bytes.inflated_, control);
    bytes.compressed_ = true;
    ::munmap(bytes.mapping_, bytes.mapping_size_);
    bytes.mapping_ = nullptr;
    bytes.mapping_size_ = 0;
    bytes.data_ = bytes.inflated_.data();
    bytes.size_ = bytes.inflated_.size();
  } else {
    bytes.data_ = data;
    bytes.size_ = size;
  }
  return bytes;
}

FileBytes::FileBytes(FileBytes&& other) noexcept {
  *this = std::move(other);
}

FileBytes& FileBytes::operator=(FileBytes&& other) noexcept {
  if (this != &other) {
    release();
    inflated_ = std::move(other.inflated_);
    mapping_ = std::exchange(other.mapping_, nullptr);
    mapping_size_ = std::exchange(other.mapping_size_, 0);
    compressed_ = other.compressed_;
    file_size_ = other.file_size_;
    size_ = std::exchange(other.size_, 0);
    data_ = compressed_ ? inflated_.data() : std::exchange(other.data_, nullptr);
    other.data_ = nullptr;
  }
  return *this;
}

FileBytes::~FileBytes() {
  release();
}

void FileBytes::release() {
  if (mapping_ != nullptr) ::munmap(mapping_, mapping_size_);
  mapping_ = nullptr;
  mapping_size_ = 0;
  inflated_.clear();
  data_ = nullptr;
  size_ = 0;
}

}  // namespace embscope
