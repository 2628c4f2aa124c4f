// The whole content of a file as one contiguous byte range, gzip-decompressed when the file
// starts with the gzip magic bytes (so `.txt.gz` and a mis-named compressed file both work).
//
// Plain files are memory-mapped (no copy); gzip files are inflated into memory. Progress is
// reported in compressed bytes read, and decompression can be cancelled.
//
//   FileBytes bytes = FileBytes::open("vectors.txt.gz", control);
//   std::string_view text = bytes.view();
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "embscope/base/task_control.hpp"

namespace embscope {

class FileBytes {
 public:
  // Throws std::runtime_error naming the file when it cannot be opened, mapped or inflated,
  // and Cancelled when the control's cancel flag is raised.
  static FileBytes open(const std::filesystem::path& path, const TaskControl& control = {});

  FileBytes(FileBytes&& other) noexcept;
  FileBytes& operator=(FileBytes&& other) noexcept;
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;
  ~FileBytes();

  std::string_view view() const { return {data_, size_}; }
  bool was_compressed() const { return compressed_; }
  // Size of the file on disk (the compressed size for gzip files).
  uint64_t file_size() const { return file_size_; }

 private:
  FileBytes() = default;
  void release();

  const char* data_ = nullptr;
  size_t size_ = 0;
  void* mapping_ = nullptr;  // non-null when data_ points into an mmap
  size_t mapping_size_ = 0;
  std::vector<char> inflated_;
  bool compressed_ = false;
  uint64_t file_size_ = 0;
};

}  // namespace embscope
