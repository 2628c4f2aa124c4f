#include "embscope/base/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace embscope {
namespace {

constexpr size_t kBufferSize = size_t{1} << 20;

// The process umask, read without changing it (umask() itself would race with other threads).
mode_t current_umask() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "Umask:") {
      unsigned value = 022;
      status >> std::oct >> value;
      return static_cast<mode_t>(value);
    }
    status.ignore(4096, '\n');
  }
  return 022;
}

std::runtime_error write_error(const std::filesystem::path& path, const std::string& what) {
  return std::runtime_error(path.string() + ": " + what + ": " + std::strerror(errno));
}

}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
  const std::filesystem::path folder =
      target_.has_parent_path() ? target_.parent_path() : std::filesystem::path(".");
  std::string pattern = (folder / ("." + target_.filename().string() + ".tmp-XXXXXX")).string();
  fd_ = ::mkstemp(pattern.data());
  if (fd_ < 0) throw write_error(target_, "cannot create a temporary file beside it");
  temporary_ = pattern;
  // mkstemp creates the file 0600; give it the permissions a normal new file gets.
  ::fchmod(fd_, 0666 & ~current_umask());
  buffer_.reserve(kBufferSize);
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temporary_.empty()) ::unlink(temporary_.c_str());
}

void AtomicFile::flush_buffer() {
  const char* data = buffer_.data();
  size_t left = buffer_.size();
  while (left > 0) {
    const ssize_t written = ::write(fd_, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw write_error(target_, "cannot write");
    }
    data += written;
    left -= static_cast<size_t>(written);
  }
  buffer_.clear();
}

void AtomicFile::write(const void* data, size_t size) {
  if (committed_) throw std::logic_error("AtomicFile::write after commit");
  if (buffer_.size() + size > kBufferSize) flush_buffer();
  if (size >= kBufferSize) {
    buffer_.assign(static_cast<const char*>(data), size);
    flush_buffer();
    return;
  }
  buffer_.append(static_cast<const char*>(data), size);
}

void AtomicFile::commit() {
  flush_buffer();
  if (::fsync(fd_) != 0) throw write_error(target_, "cannot flush to disk");
  if (::close(fd_) != 0) {
    fd_ = -1;
    throw write_error(target_, "cannot close");
  }
  fd_ = -1;
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) {
    throw write_error(target_, "cannot replace");
  }
  committed_ = true;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  AtomicFile file(path);
  file.write(content);
  file.commit();
}

}  // namespace embscope
