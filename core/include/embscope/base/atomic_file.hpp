// AtomicFile: writes a file so that readers only ever see the old content or the complete new
// content. Data goes to a temporary file in the same folder, which is flushed to disk and
// renamed over the target by commit(); if commit() is never reached (an error, a crash, a
// cancel), the target is untouched and the temporary file is removed.
//
//   AtomicFile out("vectors.bin");
//   out.write(header);
//   out.write(bytes);
//   out.commit();
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace embscope {

class AtomicFile {
 public:
  // Throws std::runtime_error naming the file when the folder is not writable.
  explicit AtomicFile(std::filesystem::path target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, size_t size);
  void write(std::string_view text) { write(text.data(), text.size()); }
  // Flushes, fsyncs and renames over the target. Throws on any failure (the target is kept).
  void commit();

  const std::filesystem::path& target() const { return target_; }

 private:
  void flush_buffer();

  std::filesystem::path target_;
  std::filesystem::path temporary_;
  int fd_ = -1;
  std::string buffer_;
  bool committed_ = false;
};

// Writes `content` to `path` atomically.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace embscope
