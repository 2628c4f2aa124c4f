// Text vector files inside a valid gzip stream: the input is compressed first, so the fuzzer
// explores what follows decompression (fuzz_vector_file mutates the stream itself).
#include <zlib.h>

#include <string>

#include "vector_set_properties.hpp"

namespace fuzz = embscope::fuzz;

namespace {

std::string gzip(const uint8_t* data, size_t size) {
  z_stream stream{};
  // 15 window bits + 16: a gzip header and trailer rather than zlib's.
  deflateInit2(&stream, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, size), '\0');
  stream.next_in = const_cast<Bytef*>(data);
  stream.avail_in = static_cast<uInt>(size);
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fuzz::InputFile input("input.txt.gz");
  fuzz::read_and_check(input.write(gzip(data, size)), {.threads = 1});
  return 0;
}
